/* placeholder until the decoders land */
#include <signal.h>
#include "emit.h"
void emit_siginfo(struct tcb *tcp, const siginfo_t *si);
void emit_siginfo(struct tcb *tcp, const siginfo_t *si) { (void)tcp; emit_fmt("{si_signo=%d}", si->si_signo); }
