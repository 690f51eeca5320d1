/* errnames.c — errno ↔ name (see errnames.h). The list is every E* macro of the kernel's
 * asm-generic/errno-base.h and errno.h (x86_64 uses the generic numbers); aliases come after
 * the primary name so errno_name returns the primary. */
#include "errnames.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

struct errname {
	const char *name;
	int value;
};

#define X(e) {#e, e},
static const struct errname errnames[] = {
	X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) X(ENOEXEC) X(EBADF) X(
		ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES) X(EFAULT) X(ENOTBLK) X(EBUSY) X(EEXIST)
		X(EXDEV) X(ENODEV) X(ENOTDIR) X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) X(ENOTTY) X(
			ETXTBSY) X(EFBIG) X(ENOSPC) X(ESPIPE) X(EROFS) X(EMLINK) X(EPIPE) X(EDOM)
			X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) X(ENOLCK) X(ENOSYS) X(ENOTEMPTY) X(
				ELOOP) X(ENOMSG) X(EIDRM) X(ECHRNG) X(EL2NSYNC) X(EL3HLT) X(EL3RST)
				X(ELNRNG) X(EUNATCH) X(ENOCSI) X(EL2HLT) X(EBADE) X(EBADR) X(
					EXFULL) X(ENOANO) X(EBADRQC) X(EBADSLT) X(EBFONT) X(ENOSTR)
					X(ENODATA) X(ETIME) X(ENOSR) X(ENONET) X(ENOPKG) X(EREMOTE) X(
						ENOLINK) X(EADV) X(ESRMNT) X(ECOMM) X(EPROTO) X(EMULTIHOP)
						X(EDOTDOT) X(EBADMSG) X(EOVERFLOW) X(ENOTUNIQ) X(EBADFD) X(EREMCHG) X(ELIBACC) X(ELIBBAD) X(
							ELIBSCN) X(ELIBMAX) X(ELIBEXEC) X(EILSEQ) X(ERESTART) X(ESTRPIPE)
							X(EUSERS) X(ENOTSOCK) X(EDESTADDRREQ) X(EMSGSIZE) X(
								EPROTOTYPE) X(ENOPROTOOPT) X(EPROTONOSUPPORT) X(ESOCKTNOSUPPORT)
								X(EOPNOTSUPP) X(EPFNOSUPPORT) X(EAFNOSUPPORT) X(
									EADDRINUSE) X(EADDRNOTAVAIL) X(ENETDOWN) X(ENETUNREACH)
									X(ENETRESET) X(ECONNABORTED) X(ECONNRESET) X(ENOBUFS) X(
										EISCONN) X(ENOTCONN) X(ESHUTDOWN) X(ETOOMANYREFS)
										X(ETIMEDOUT) X(ECONNREFUSED) X(EHOSTDOWN) X(EHOSTUNREACH) X(
											EALREADY) X(EINPROGRESS) X(ESTALE)
											X(EUCLEAN) X(ENOTNAM) X(
												ENAVAIL) X(EISNAM) X(EREMOTEIO)
												X(EDQUOT) X(ENOMEDIUM) X(
													EMEDIUMTYPE) X(ECANCELED)
													X(ENOKEY) X(EKEYEXPIRED) X(
														EKEYREVOKED) X(EKEYREJECTED)
														X(EOWNERDEAD) X(
															ENOTRECOVERABLE)
															X(ERFKILL)
																X(EHWPOISON)
	/* aliases */
	X(EWOULDBLOCK) X(EDEADLOCK) X(ENOTSUP)};
#undef X

const char *errno_name(int e)
{
	if (e < 0)
		e = e == -2147483647 - 1 ? 0 : -e;
	if (e == 0)
		return NULL;
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].value == e)
			return errnames[i].name;
	return NULL;
}

int errno_value(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (strcmp(errnames[i].name, name) == 0)
			return errnames[i].value;
	return -1;
}
