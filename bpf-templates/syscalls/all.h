/* all.h — every per-syscall exit program (one file each). A generated rules file may define
 * LNR_SELECT and LNR_WANT_<syscall> for the event types it has rules for: only those programs
 * are then compiled (gen/emit_c.c; the others would never be enabled). */
#if !defined(LNR_SELECT) || defined(LNR_WANT_accept)
#include "syscalls/accept.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_accept4)
#include "syscalls/accept4.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_bind)
#include "syscalls/bind.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_bpf)
#include "syscalls/bpf.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_chdir)
#include "syscalls/chdir.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_chmod)
#include "syscalls/chmod.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_clone)
#include "syscalls/clone.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_clone3)
#include "syscalls/clone3.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_close)
#include "syscalls/close.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_connect)
#include "syscalls/connect.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_creat)
#include "syscalls/creat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_dup)
#include "syscalls/dup.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_dup2)
#include "syscalls/dup2.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_dup3)
#include "syscalls/dup3.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_execve)
#include "syscalls/execve.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_execveat)
#include "syscalls/execveat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_fchdir)
#include "syscalls/fchdir.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_fchmod)
#include "syscalls/fchmod.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_fchmodat)
#include "syscalls/fchmodat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_finit_module)
#include "syscalls/finit_module.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_fork)
#include "syscalls/fork.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_init_module)
#include "syscalls/init_module.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_kill)
#include "syscalls/kill.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_link)
#include "syscalls/link.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_linkat)
#include "syscalls/linkat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_listen)
#include "syscalls/listen.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_memfd_create)
#include "syscalls/memfd_create.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_mkdir)
#include "syscalls/mkdir.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_mkdirat)
#include "syscalls/mkdirat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_mount)
#include "syscalls/mount.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_newfstatat)
#include "syscalls/newfstatat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_open)
#include "syscalls/open.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_openat)
#include "syscalls/openat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_openat2)
#include "syscalls/openat2.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_prctl)
#include "syscalls/prctl.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_ptrace)
#include "syscalls/ptrace.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_recvfrom)
#include "syscalls/recvfrom.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_recvmsg)
#include "syscalls/recvmsg.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_rename)
#include "syscalls/rename.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_renameat)
#include "syscalls/renameat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_renameat2)
#include "syscalls/renameat2.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_rmdir)
#include "syscalls/rmdir.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_sendmsg)
#include "syscalls/sendmsg.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_sendto)
#include "syscalls/sendto.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_setgid)
#include "syscalls/setgid.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_setns)
#include "syscalls/setns.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_setresgid)
#include "syscalls/setresgid.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_setresuid)
#include "syscalls/setresuid.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_setuid)
#include "syscalls/setuid.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_socket)
#include "syscalls/socket.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_symlink)
#include "syscalls/symlink.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_symlinkat)
#include "syscalls/symlinkat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_umount2)
#include "syscalls/umount2.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_unlink)
#include "syscalls/unlink.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_unlinkat)
#include "syscalls/unlinkat.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_unshare)
#include "syscalls/unshare.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_userfaultfd)
#include "syscalls/userfaultfd.h"
#endif
#if !defined(LNR_SELECT) || defined(LNR_WANT_vfork)
#include "syscalls/vfork.h"
#endif
