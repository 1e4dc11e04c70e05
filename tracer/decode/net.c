/* placeholder until the decoders land */
#include "hytrace.h"
