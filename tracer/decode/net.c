/* socket, socketpair, bind, connect, listen, accept, accept4, getsockname,
 * getpeername, shutdown, send, sendto, recv, recvfrom, sendmsg, recvmsg,
 * setsockopt, getsockopt, and the sockaddr printer */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "decode.h"

enum {
	H_AF_UNIX = 1, H_AF_INET = 2, H_AF_INET6 = 10, H_AF_NETLINK = 16,
	H_AF_PACKET = 17,
};
enum {
	H_SOL_IP = 0, H_SOL_SOCKET = 1, H_SOL_TCP = 6, H_SOL_UDP = 17,
	H_SOL_IPV6 = 41, H_SOL_NETLINK = 270,
};
enum {
	H_SO_ERROR = 4, H_SO_LINGER = 13, H_SO_PEERCRED = 17,
	H_SO_ATTACH_FILTER = 26, H_SO_ATTACH_REUSEPORT_CBPF = 51,
};
enum { H_SCM_RIGHTS = 1, H_SCM_CREDENTIALS = 2 };

#define SOCK_TYPE_MASK 0xf
#define SOCKADDR_STORAGE_SIZE 128

/* --- a value kept from entry to exit (strace's tcb priv) ---------------- */

static struct {
	const struct tcb *tcp;
	int val;
} priv_slots[64];

static void set_priv(const struct tcb *tcp, int val)
{
	size_t h = ((uintptr_t)tcp >> 4) % 64;
	for (size_t i = 0; i < 64; i++) {
		size_t k = (h + i) % 64;
		if (priv_slots[k].tcp == tcp || !priv_slots[k].tcp) {
			priv_slots[k].tcp = tcp;
			priv_slots[k].val = val;
			return;
		}
	}
	priv_slots[h].tcp = tcp;
	priv_slots[h].val = val;
}

static int get_priv(const struct tcb *tcp)
{
	size_t h = ((uintptr_t)tcp >> 4) % 64;
	for (size_t i = 0; i < 64; i++) {
		size_t k = (h + i) % 64;
		if (priv_slots[k].tcp == tcp)
			return priv_slots[k].val;
		if (!priv_slots[k].tcp)
			break;
	}
	return 0;
}

/* --- sockaddr ---------------------------------------------------------- */

static uint16_t get_u16(const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void print_ifindex(unsigned int idx)
{
	char name[IF_NAMESIZE + 1];

	if (if_indextoname(idx, name)) {
		emit_raw("if_nametoindex(");
		emit_quoted(name, strlen(name), false, true);
		emit_char(')');
	} else {
		emit_u(idx);
	}
}

static void print_sockaddr_un(const unsigned char *buf, int addrlen)
{
	int un_len = addrlen > 110 ? 110 : addrlen;
	int path_len = un_len - 2;
	const char *path = (const char *)buf + 2;

	emit_raw("sun_path=");
	if (path[0]) {
		size_t n = strnlen(path, (size_t)path_len + 1);
		emit_quoted(path, n, false, true);
	} else {
		emit_char('@');
		emit_quoted(path + 1, (size_t)(path_len - 1), false, false);
	}
}

static void print_sockaddr_in(const unsigned char *buf)
{
	char s[INET_ADDRSTRLEN];

	emit_fmt("sin_port=htons(%u), ", ntohs(get_u16(buf + 2)));
	inet_ntop(AF_INET, buf + 4, s, sizeof(s));
	emit_raw("sin_addr=inet_addr(");
	emit_quoted(s, strlen(s), false, true);
	emit_char(')');
}

static void print_sockaddr_in6(const unsigned char *buf, int addrlen)
{
	char s[INET6_ADDRSTRLEN];
	const unsigned char *a = buf + 8;

	emit_fmt("sin6_port=htons(%u), ", ntohs(get_u16(buf + 2)));
	emit_fmt("sin6_flowinfo=htonl(%u), ", ntohl(get_u32(buf + 4)));
	inet_ntop(AF_INET6, a, s, sizeof(s));
	emit_raw("inet_pton(AF_INET6, ");
	emit_quoted(s, strlen(s), false, true);
	emit_raw(", &sin6_addr)");
	if (addrlen <= 24)
		return;
	uint32_t scope = get_u32(buf + 24);
	emit_raw(", sin6_scope_id=");
	bool linklocal = a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
	bool mc_linklocal = a[0] == 0xff && (a[1] & 0x0f) == 0x2;
	if (linklocal || mc_linklocal)
		print_ifindex(scope);
	else
		emit_u(scope);
}

static void print_sockaddr_nl(const unsigned char *buf)
{
	uint16_t pad = get_u16(buf + 2);

	if (pad)
		emit_fmt("nl_pad=%#x, ", pad);
	emit_fmt("nl_pid=%d, nl_groups=%#08x", (int32_t)get_u32(buf + 4),
		 get_u32(buf + 8));
}

static void print_sockaddr(const unsigned char *buf, int addrlen)
{
	uint16_t family = get_u16(buf);

	emit_raw("{sa_family=");
	emit_xval(&xlat_address_families, family, "AF_???");
	if (addrlen > 2) {
		emit_raw(", ");
		if (family == H_AF_UNIX && addrlen >= 3)
			print_sockaddr_un(buf, addrlen);
		else if (family == H_AF_INET && addrlen >= 16)
			print_sockaddr_in(buf);
		else if (family == H_AF_INET6 && addrlen >= 24)
			print_sockaddr_in6(buf, addrlen);
		else if (family == H_AF_NETLINK && addrlen >= 12)
			print_sockaddr_nl(buf);
		else {
			emit_raw("sa_data=");
			emit_quoted((const char *)buf + 2, (size_t)(addrlen - 2),
				    false, false);
		}
	}
	emit_char('}');
}

int decode_sockaddr(struct tcb *tcp, uint64_t addr, int addrlen)
{
	unsigned char buf[SOCKADDR_STORAGE_SIZE + 1];

	if (addrlen < 2) {
		emit_ptr(addr);
		return -1;
	}
	if ((unsigned int)addrlen > SOCKADDR_STORAGE_SIZE)
		addrlen = SOCKADDR_STORAGE_SIZE;
	if (umove_or_printaddr(tcp, addr, (size_t)addrlen, buf))
		return -1;
	memset(buf + addrlen, 0, sizeof(buf) - (size_t)addrlen);
	print_sockaddr(buf, addrlen);
	return get_u16(buf);
}

/* --- socket, socketpair ------------------------------------------------ */

static void print_sock_type(unsigned int type)
{
	const char *s = xlat_lookup(&xlat_socket_types, type & SOCK_TYPE_MASK);

	if (s) {
		emit_raw(s);
		type &= ~SOCK_TYPE_MASK;
		if (!type)
			return;
		emit_char('|');
	}
	emit_flags(&xlat_socket_type_flags, type, "SOCK_???");
}

SYS_FUNC(socket)
{
	uint64_t domain = arg_ulong(tcp, 0);
	uint64_t proto = arg_ulong(tcp, 2);

	emit_xval(&xlat_address_families, domain, "AF_???");
	emit_arg_next();
	print_sock_type((uint32_t)tcp->u_arg[1]);
	emit_arg_next();
	switch (domain) {
	case H_AF_INET:
	case H_AF_INET6:
		emit_xval(&xlat_inet_protocols, proto, "IPPROTO_???");
		break;
	case H_AF_NETLINK:
		emit_xval(&xlat_netlink_protocols, proto, "NETLINK_???");
		break;
	case H_AF_PACKET:
		emit_raw("htons(");
		emit_xval(&xlat_ethernet_protocols, ntohs((uint16_t)proto), "ETH_P_???");
		emit_char(')');
		break;
	default:
		emit_u(proto);
		break;
	}
	return RVAL_DECODED | RVAL_FD;
}

static void print_fd_pair(struct tcb *tcp, uint64_t addr)
{
	int32_t fds[2];

	if (umove_or_printaddr(tcp, addr, sizeof(fds), fds))
		return;
	emit_char('[');
	emit_fd(tcp, fds[0]);
	emit_raw(", ");
	emit_fd(tcp, fds[1]);
	emit_char(']');
}

SYS_FUNC(socketpair)
{
	if (entering(tcp)) {
		emit_xval(&xlat_address_families, arg_ulong(tcp, 0), "AF_???");
		emit_arg_next();
		print_sock_type((uint32_t)tcp->u_arg[1]);
		emit_arg_next();
		emit_u(arg_ulong(tcp, 2));
		emit_arg_next();
	} else {
		print_fd_pair(tcp, tcp->u_arg[3]);
	}
	return 0;
}

/* --- bind, connect, listen, shutdown ----------------------------------- */

SYS_FUNC(bind)
{
	int addrlen = arg_int(tcp, 2);

	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	decode_sockaddr(tcp, tcp->u_arg[1], addrlen);
	emit_arg_next();
	emit_d(addrlen);
	return RVAL_DECODED;
}

SYS_FUNC(connect)
{
	return sys_bind(tcp);
}

SYS_FUNC(listen)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_d(arg_int(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(shutdown)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_xval(&xlat_shutdown_modes, arg_ulong(tcp, 1), "SHUT_???");
	return RVAL_DECODED;
}

/* --- accept, getsockname ----------------------------------------------- */

static bool fetch_socklen(struct tcb *tcp, int *plen, uint64_t sockaddr,
			  uint64_t socklen)
{
	return sockaddr && socklen && umoven(tcp, socklen, sizeof(*plen), plen) == 0;
}

static void print_len_changed(int ulen, int rlen)
{
	emit_char('[');
	if (ulen != rlen)
		emit_fmt("%d => ", ulen);
	emit_fmt("%d]", rlen);
}

static int decode_sockname(struct tcb *tcp)
{
	int ulen, rlen;

	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		if (fetch_socklen(tcp, &ulen, tcp->u_arg[1], tcp->u_arg[2])) {
			set_priv(tcp, ulen);
			return 0;
		}
		emit_ptr(tcp->u_arg[1]);
		emit_arg_next();
		emit_ptr(tcp->u_arg[2]);
		return RVAL_DECODED;
	}

	ulen = get_priv(tcp);
	if (syserror(tcp) || umoven(tcp, tcp->u_arg[2], sizeof(rlen), &rlen) < 0) {
		emit_ptr(tcp->u_arg[1]);
		emit_arg_next();
		emit_fmt("[%d]", ulen);
	} else {
		decode_sockaddr(tcp, tcp->u_arg[1], ulen > rlen ? rlen : ulen);
		emit_arg_next();
		print_len_changed(ulen, rlen);
	}
	return RVAL_DECODED;
}

SYS_FUNC(accept)
{
	return decode_sockname(tcp) | RVAL_FD;
}

SYS_FUNC(accept4)
{
	int rc = decode_sockname(tcp);

	if (rc & RVAL_DECODED) {
		emit_arg_next();
		emit_flags(&xlat_socket_type_flags, arg_ulong(tcp, 3), "SOCK_???");
	}
	return rc | RVAL_FD;
}

SYS_FUNC(getsockname)
{
	return decode_sockname(tcp);
}

/* --- send, sendto, recv, recvfrom -------------------------------------- */

SYS_FUNC(send)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_str_len(tcp, tcp->u_arg[1], arg_ulong(tcp, 2), false);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_msg_flags, arg_ulong(tcp, 3), "MSG_???");
	return RVAL_DECODED;
}

SYS_FUNC(sendto)
{
	sys_send(tcp);
	emit_arg_next();
	int addrlen = arg_int(tcp, 5);
	decode_sockaddr(tcp, tcp->u_arg[4], addrlen);
	emit_arg_next();
	emit_d(addrlen);
	return RVAL_DECODED;
}

static void print_recv_buf(struct tcb *tcp)
{
	if (syserror(tcp)) {
		emit_ptr(tcp->u_arg[1]);
	} else {
		uint64_t n = rval_size(tcp);
		uint64_t len = arg_ulong(tcp, 2);
		print_str_len(tcp, tcp->u_arg[1], n < len ? n : len, false);
	}
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_msg_flags, arg_ulong(tcp, 3), "MSG_???");
}

SYS_FUNC(recv)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
	} else {
		print_recv_buf(tcp);
	}
	return 0;
}

SYS_FUNC(recvfrom)
{
	int ulen, rlen;

	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		if (fetch_socklen(tcp, &ulen, tcp->u_arg[4], tcp->u_arg[5]))
			set_priv(tcp, ulen);
		return 0;
	}
	print_recv_buf(tcp);
	emit_arg_next();
	ulen = get_priv(tcp);
	if (!fetch_socklen(tcp, &rlen, tcp->u_arg[4], tcp->u_arg[5])) {
		emit_ptr(tcp->u_arg[4]);
		emit_arg_next();
		emit_ptr(tcp->u_arg[5]);
		return 0;
	}
	if (syserror(tcp)) {
		emit_ptr(tcp->u_arg[4]);
		emit_arg_next();
		emit_fmt("[%d]", ulen);
		return 0;
	}
	decode_sockaddr(tcp, tcp->u_arg[4], ulen > rlen ? rlen : ulen);
	emit_arg_next();
	print_len_changed(ulen, rlen);
	return 0;
}

/* strace's PRINT_FIELD_ID: -1 for (uid_t) -1 */
static void print_id(uint32_t id)
{
	if (id == UINT32_MAX)
		emit_raw("-1");
	else
		emit_u(id);
}

/* --- sendmsg, recvmsg -------------------------------------------------- */

struct hmsghdr {
	uint64_t name;
	uint32_t namelen;
	uint64_t iov;
	uint64_t iovlen;
	uint64_t control;
	uint64_t controllen;
	uint32_t flags;
};

static bool fetch_msghdr(struct tcb *tcp, uint64_t addr, struct hmsghdr *m)
{
	if (is_i386(tcp)) {
		uint32_t b[7];
		if (umoven(tcp, addr, sizeof(b), b) < 0)
			return false;
		m->name = b[0];
		m->namelen = b[1];
		m->iov = b[2];
		m->iovlen = b[3];
		m->control = b[4];
		m->controllen = b[5];
		m->flags = b[6];
	} else {
		unsigned char b[56];
		if (umoven(tcp, addr, sizeof(b), b) < 0)
			return false;
		memcpy(&m->name, b, 8);
		memcpy(&m->namelen, b + 8, 4);
		memcpy(&m->iov, b + 16, 8);
		memcpy(&m->iovlen, b + 24, 8);
		memcpy(&m->control, b + 32, 8);
		memcpy(&m->controllen, b + 40, 8);
		memcpy(&m->flags, b + 48, 4);
	}
	return true;
}

static uint64_t optmem_max(void)
{
	static uint64_t val;

	if (!val) {
		FILE *f = fopen("/proc/sys/net/core/optmem_max", "r");
		unsigned long long v = 0;
		if (f) {
			if (fscanf(f, "%llu", &v) != 1)
				v = 0;
			fclose(f);
		}
		val = v ? v : 20480;
	}
	return val;
}

static void print_cmsg_data(struct tcb *tcp, int level, int type,
			    const unsigned char *data, uint64_t len)
{
	if (level != H_SOL_SOCKET) {
		emit_x((uint32_t)type);
		return;
	}
	emit_xval(&xlat_scm_types, (uint32_t)type, "SCM_???");
	if (type == H_SCM_RIGHTS && len >= 4) {
		uint64_t n = len / 4;
		emit_raw(", cmsg_data=[");
		for (uint64_t i = 0; i < n; i++) {
			if (i)
				emit_raw(", ");
			if (i >= emit_strlen_limit()) {
				emit_more();
				break;
			}
			emit_fd(tcp, (int32_t)get_u32(data + 4 * i));
		}
		emit_char(']');
	} else if (type == H_SCM_CREDENTIALS && len >= 12) {
		emit_fmt(", cmsg_data={pid=%d, uid=", (int32_t)get_u32(data));
		print_id(get_u32(data + 4));
		emit_raw(", gid=");
		print_id(get_u32(data + 8));
		emit_char('}');
	}
}

static void decode_msg_control(struct tcb *tcp, uint64_t addr, uint64_t in_len)
{
	if (!in_len)
		return;
	emit_raw(", msg_control=");

	size_t ws = tcp_wordsize(tcp);
	uint64_t cmsg_size = is_i386(tcp) ? 12 : 16;
	uint64_t control_len = in_len < optmem_max() ? in_len : optmem_max();
	uint64_t buf_len = control_len;
	unsigned char *buf = buf_len < cmsg_size ? NULL : malloc(buf_len);
	if (!buf || umoven(tcp, addr, buf_len, buf) < 0) {
		emit_ptr(addr);
		free(buf);
		return;
	}

	unsigned char *p = buf;
	emit_char('[');
	while (buf_len >= cmsg_size) {
		uint64_t cmsg_len;
		if (is_i386(tcp))
			cmsg_len = get_u32(p);
		else
			memcpy(&cmsg_len, p, 8);
		int level = (int32_t)get_u32(p + ws);
		int type = (int32_t)get_u32(p + ws + 4);

		if (p != buf)
			emit_raw(", ");
		emit_fmt("{cmsg_len=%llu, cmsg_level=", (unsigned long long)cmsg_len);
		emit_xval(&xlat_socket_layers, (uint32_t)level, "SOL_???");
		emit_raw(", cmsg_type=");
		uint64_t len = cmsg_len > buf_len ? buf_len : cmsg_len;
		print_cmsg_data(tcp, level, type, p + cmsg_size,
				len > cmsg_size ? len - cmsg_size : 0);
		emit_char('}');
		if (len < cmsg_size) {
			buf_len -= cmsg_size;
			break;
		}
		/* check before rounding up: a hostile cmsg_len near 2^64 would
		 * wrap to 0 and loop forever */
		if (cmsg_len >= buf_len) {
			buf_len = 0;
			break;
		}
		len = (cmsg_len + ws - 1) & ~((uint64_t)ws - 1);
		if (len >= buf_len) {
			buf_len = 0;
			break;
		}
		p += len;
		buf_len -= len;
	}
	if (buf_len) {
		emit_raw(", ...");
		emit_fmt(" /* %#llx */", (unsigned long long)(addr + (control_len - buf_len)));
	} else if (control_len < in_len) {
		emit_raw(", ...");
	}
	emit_char(']');
	free(buf);
}

static void print_msghdr(struct tcb *tcp, const struct hmsghdr *m,
			 const int *p_user_namelen, uint64_t data_size)
{
	int namelen = p_user_namelen && (int)m->namelen > *p_user_namelen
		      ? *p_user_namelen : (int)m->namelen;

	emit_raw("{msg_name=");
	decode_sockaddr(tcp, m->name, namelen);
	emit_raw(", msg_namelen=");
	if (p_user_namelen && *p_user_namelen != (int)m->namelen)
		emit_fmt("%d => ", *p_user_namelen);
	emit_d((int)m->namelen);
	emit_raw(", msg_iov=");
	print_iov_upto(tcp, m->iovlen, m->iov, true, data_size);
	emit_fmt(", msg_iovlen=%llu", (unsigned long long)m->iovlen);
	decode_msg_control(tcp, m->control, m->controllen);
	emit_fmt(", msg_controllen=%llu, msg_flags=", (unsigned long long)m->controllen);
	emit_flags(&xlat_msg_flags, m->flags, "MSG_???");
	emit_char('}');
}

static void decode_msghdr(struct tcb *tcp, const int *p_user_namelen,
			  uint64_t addr, uint64_t data_size)
{
	struct hmsghdr m;

	if (addr && fetch_msghdr(tcp, addr, &m))
		print_msghdr(tcp, &m, p_user_namelen, data_size);
	else
		emit_ptr(addr);
}

SYS_FUNC(sendmsg)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	decode_msghdr(tcp, NULL, tcp->u_arg[1], UINT64_MAX);
	emit_arg_next();
	emit_flags(&xlat_msg_flags, arg_ulong(tcp, 2), "MSG_???");
	return RVAL_DECODED;
}

SYS_FUNC(recvmsg)
{
	struct hmsghdr m;

	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		if (tcp->u_arg[1] && fetch_msghdr(tcp, tcp->u_arg[1], &m)) {
			set_priv(tcp, (int)m.namelen);
			return 0;
		}
		emit_ptr(tcp->u_arg[1]);
	} else {
		int namelen = get_priv(tcp);
		if (syserror(tcp))
			emit_fmt("{msg_namelen=%d}", namelen);
		else
			decode_msghdr(tcp, &namelen, tcp->u_arg[1], rval_size(tcp));
	}
	emit_arg_next();
	emit_flags(&xlat_msg_flags, arg_ulong(tcp, 2), "MSG_???");
	return RVAL_DECODED;
}

/* --- setsockopt, getsockopt -------------------------------------------- */

static void print_sockopt_fd_level_name(struct tcb *tcp, bool is_get)
{
	unsigned int level = (uint32_t)tcp->u_arg[1];
	unsigned int name = (uint32_t)tcp->u_arg[2];

	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_xval(&xlat_socket_layers, level, "SOL_??");
	emit_arg_next();
	switch (level) {
	case H_SOL_SOCKET: {
		const char *s = xlat_lookup(&xlat_sock_options, name);
		if (!s)
			s = xlat_lookup(is_get ? &xlat_getsock_options
					       : &xlat_setsock_options, name);
		if (s)
			emit_raw(s);
		else
			emit_fmt("%#x /* SO_??? */", name);
		break;
	}
	case H_SOL_IP:
		emit_xval(&xlat_sock_ip_options, name, "IP_???");
		break;
	case H_SOL_IPV6:
		emit_xval(&xlat_sock_ipv6_options, name, "IPV6_???");
		break;
	case H_SOL_TCP:
		emit_xval(&xlat_sock_tcp_options, name, "TCP_???");
		break;
	case H_SOL_UDP:
		emit_xval(&xlat_sock_udp_options, name, "UDP_???");
		break;
	case H_SOL_NETLINK:
		emit_xval(&xlat_sock_netlink_options, name, "NETLINK_???");
		break;
	default:
		emit_u(name);
	}
}

static void print_linger(struct tcb *tcp, uint64_t addr, unsigned int len)
{
	int32_t l[2];

	if (len > sizeof(l))
		len = sizeof(l);
	if (umove_or_printaddr(tcp, addr, len, l))
		return;
	emit_char('{');
	if (len >= 4)
		emit_fmt("l_onoff=%d", l[0]);
	if (len >= 8)
		emit_fmt(", l_linger=%d", l[1]);
	emit_char('}');
}

static void print_getsockopt(struct tcb *tcp, unsigned int level, unsigned int name,
			     uint64_t addr, int ulen, int rlen)
{
	if (ulen <= 0 || rlen <= 0) {
		emit_ptr(addr);
		return;
	}
	if (addr && level == H_SOL_SOCKET) {
		switch (name) {
		case H_SO_LINGER:
			print_linger(tcp, addr, (unsigned int)rlen);
			return;
		case H_SO_PEERCRED: {
			uint32_t uc[3] = { 0, 0, 0 };
			unsigned int len = (unsigned int)rlen > sizeof(uc)
					   ? sizeof(uc) : (unsigned int)rlen;
			if (umove_or_printaddr(tcp, addr, len, uc))
				return;
			emit_char('{');
			if (len >= 4)
				emit_fmt("pid=%d", (int32_t)uc[0]);
			if (len >= 8) {
				emit_raw(", uid=");
				print_id(uc[1]);
			}
			if (len >= 12) {
				emit_raw(", gid=");
				print_id(uc[2]);
			}
			emit_char('}');
			return;
		}
		case H_SO_ERROR: {
			uint32_t err = 0;
			unsigned int len = (unsigned int)rlen > sizeof(err)
					   ? sizeof(err) : (unsigned int)rlen;
			if (umove_or_printaddr(tcp, addr, len, &err))
				return;
			const char *s = errno_name((int)err);
			if (s)
				emit_fmt("[%s]", s);
			else
				emit_fmt("[%u]", err);
			return;
		}
		}
	}
	if (addr && level == H_SOL_NETLINK) {
		print_int_indirect(tcp, addr);
		return;
	}
	if (rlen == 4)
		print_int_indirect(tcp, addr);
	else
		print_str_len(tcp, addr, (uint64_t)rlen, false);
}

SYS_FUNC(getsockopt)
{
	int ulen, rlen;

	if (entering(tcp)) {
		print_sockopt_fd_level_name(tcp, true);
		emit_arg_next();
		if (tcp->u_arg[4] &&
		    umoven(tcp, tcp->u_arg[4], sizeof(ulen), &ulen) == 0) {
			set_priv(tcp, ulen);
			return 0;
		}
		emit_ptr(tcp->u_arg[3]);
		emit_arg_next();
		emit_ptr(tcp->u_arg[4]);
		return RVAL_DECODED;
	}
	ulen = get_priv(tcp);
	if (syserror(tcp) || umoven(tcp, tcp->u_arg[4], sizeof(rlen), &rlen) < 0) {
		emit_ptr(tcp->u_arg[3]);
		emit_arg_next();
		emit_fmt("[%d]", ulen);
	} else {
		print_getsockopt(tcp, (uint32_t)tcp->u_arg[1], (uint32_t)tcp->u_arg[2],
				 tcp->u_arg[3], ulen, rlen);
		emit_arg_next();
		print_len_changed(ulen, rlen);
	}
	return 0;
}

static void print_setsockopt(struct tcb *tcp, unsigned int level, unsigned int name,
			     uint64_t addr, int len)
{
	if (addr && level == H_SOL_SOCKET) {
		switch (name) {
		case H_SO_LINGER:
			if (len < 8)
				emit_ptr(addr);
			else
				print_linger(tcp, addr, 8);
			return;
		case H_SO_ATTACH_FILTER:
		case H_SO_ATTACH_REUSEPORT_CBPF:
			/* sock_fprog is not decoded */
			emit_ptr(addr);
			return;
		}
	}
	if (addr && level == H_SOL_NETLINK) {
		if (len < 4)
			emit_ptr(addr);
		else
			print_int_indirect(tcp, addr);
		return;
	}
	if (len == 4)
		print_int_indirect(tcp, addr);
	else
		print_str_len(tcp, addr, (uint64_t)(int64_t)len, false);
}

SYS_FUNC(setsockopt)
{
	print_sockopt_fd_level_name(tcp, false);
	emit_arg_next();
	print_setsockopt(tcp, (uint32_t)tcp->u_arg[1], (uint32_t)tcp->u_arg[2],
			 tcp->u_arg[3], arg_int(tcp, 4));
	emit_arg_next();
	emit_d(arg_int(tcp, 4));
	return RVAL_DECODED;
}

/* --- i386 socketcall --------------------------------------------------- */

static const struct sysent subcall_accept = { "accept", 6, 3, TRACE_NETWORK, sys_accept };
static const struct sysent subcall_send = { "send", 4, 4, TRACE_NETWORK, sys_send };
static const struct sysent subcall_recv = { "recv", 4, 4, TRACE_NETWORK, sys_recv };

const struct sysent *socketcall_subcall(struct tcb *tcp, uint64_t *scno)
{
	/* SYS_SOCKET (1) .. SYS_SENDMMSG (20): the i386 syscall of the same
	 * call, 0 for the three that have none */
	static const uint16_t direct[21] = {
		0, 359, 361, 362, 363, 0, 367, 368, 360, 0, 0,
		369, 371, 373, 366, 365, 370, 372, 364, 337, 345,
	};
	static const uint8_t nargs[21] = {
		0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4,
	};
	uint32_t call = (uint32_t)tcp->u_arg[0];
	const struct sysent *ent;
	uint32_t args[6];

	if (call < 1 || call > 20)
		return NULL;
	if (direct[call]) {
		ent = sysent_lookup(PERS_I386, direct[call]);
		if (!ent)
			return NULL;
	} else {
		ent = call == 5 ? &subcall_accept :
		      call == 9 ? &subcall_send : &subcall_recv;
	}
	if (umoven(tcp, (uint32_t)tcp->u_arg[1], nargs[call] * sizeof(uint32_t), args) < 0)
		return NULL;
	for (unsigned int i = 0; i < nargs[call]; i++)
		tcp->u_arg[i] = args[i];
	for (unsigned int i = nargs[call]; i < MAX_ARGS; i++)
		tcp->u_arg[i] = 0;
	*scno = direct[call] ? direct[call] : UINT64_MAX;
	return ent;
}
