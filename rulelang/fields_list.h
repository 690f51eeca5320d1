/* fields_list.h — the field catalogue as an X-macro: X(id, name, type, flags, desc).
 *
 * Names, types and flags follow Falco's field tables (libsinsp filterchecks and the container
 * plugin); the descriptions are our own. Order is the catalogue order shown by
 * `lanner-gen --list-fields`. Owned by fields.c; ids are stable names other modules switch on.
 */
#ifndef LANNER_FIELDS_LIST_H
#define LANNER_FIELDS_LIST_H

/* ---- evt.* (event) ---- */
#define FIELD_LIST_EVT                                                                             \
	X(F_EVT_NUM, "evt.num", FT_UINT64, 0, "Sequence number of the event, starting at 1.")      \
	X(F_EVT_TIME, "evt.time", FT_CHARBUF, 0,                                                   \
	  "Event timestamp as local time of day with nanoseconds (HH:MM:SS.nnnnnnnnn).")           \
	X(F_EVT_TIME_S, "evt.time.s", FT_CHARBUF, 0,                                               \
	  "Event timestamp as local time of day, whole seconds.")                                  \
	X(F_EVT_TIME_ISO8601, "evt.time.iso8601", FT_CHARBUF, 0,                                   \
	  "Event timestamp in ISO 8601 form, UTC, with nanoseconds.")                              \
	X(F_EVT_DATETIME, "evt.datetime", FT_CHARBUF, 0,                                           \
	  "Event timestamp as local date and time with nanoseconds.")                              \
	X(F_EVT_DATETIME_S, "evt.datetime.s", FT_CHARBUF, 0,                                       \
	  "Event timestamp as local date and time, whole seconds.")                                \
	X(F_EVT_RAWTIME, "evt.rawtime", FT_ABSTIME, 0,                                             \
	  "Event timestamp in nanoseconds since the epoch.")                                       \
	X(F_EVT_RAWTIME_S, "evt.rawtime.s", FT_ABSTIME, 0,                                         \
	  "Seconds part of the event timestamp (since the epoch).")                                \
	X(F_EVT_RAWTIME_NS, "evt.rawtime.ns", FT_ABSTIME, 0,                                       \
	  "Sub-second part of the event timestamp, in nanoseconds.")                               \
	X(F_EVT_RELTIME, "evt.reltime", FT_RELTIME, 0,                                             \
	  "Nanoseconds between the start of capture and this event.")                              \
	X(F_EVT_RELTIME_S, "evt.reltime.s", FT_RELTIME, 0,                                         \
	  "Seconds part of the time since the start of capture.")                                  \
	X(F_EVT_RELTIME_NS, "evt.reltime.ns", FT_RELTIME, 0,                                       \
	  "Sub-second part of the time since the start of capture, in nanoseconds.")               \
	X(F_EVT_DELTATIME, "evt.deltatime", FT_RELTIME, 0,                                         \
	  "Nanoseconds between the previous event and this one.")                                  \
	X(F_EVT_DELTATIME_S, "evt.deltatime.s", FT_RELTIME, 0,                                     \
	  "Seconds part of the time since the previous event.")                                    \
	X(F_EVT_DELTATIME_NS, "evt.deltatime.ns", FT_RELTIME, 0,                                   \
	  "Sub-second part of the time since the previous event, in nanoseconds.")                 \
	X(F_EVT_DIR, "evt.dir", FT_CHARBUF, FF_DEPRECATED,                                         \
	  "Direction of the event: '>' entering, '<' leaving a syscall. Deprecated: only exit "    \
	  "events reach rules, so it is always '<'.")                                              \
	X(F_EVT_TYPE, "evt.type", FT_CHARBUF, 0,                                                   \
	  "Name of the event (open, openat, execve...); for generic syscalls the syscall name.")   \
	X(F_EVT_TYPE_IS, "evt.type.is", FT_UINT32, FF_ARG_REQUIRED | FF_ARG_DOTTED,                \
	  "1 if the event type equals the name given as argument (evt.type.is.open), else 0.")     \
	X(F_SYSCALL_TYPE, "syscall.type", FT_CHARBUF, 0,                                           \
	  "For syscall events, the name of the system call; missing for other events.")            \
	X(F_EVT_CATEGORY, "evt.category", FT_CHARBUF, 0,                                           \
	  "Category of the event: file, net, process, memory, ipc, signal...")                     \
	X(F_EVT_CPU, "evt.cpu", FT_INT16, 0, "Number of the CPU the event happened on.")           \
	X(F_EVT_ARGS, "evt.args", FT_CHARBUF, 0,                                                   \
	  "Every parameter of the event as name=value pairs separated by spaces.")                 \
	X(F_EVT_ARG, "evt.arg", FT_CHARBUF, FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_DOTTED,        \
	  "One event parameter rendered as text, chosen by position (evt.arg[1]) or by name "      \
	  "(evt.arg.flags).")                                                                      \
	X(F_EVT_INFO, "evt.info", FT_CHARBUF, 0,                                                   \
	  "Human-readable summary of the event (its parameters, or a description for some "        \
	  "events).")                                                                              \
	X(F_EVT_BUFFER, "evt.buffer", FT_BYTEBUF, 0,                                               \
	  "Data buffer of I/O events (read, write, send, recv...).")                               \
	X(F_EVT_BUFLEN, "evt.buflen", FT_UINT64, 0, "Length of the data buffer of I/O events.")    \
	X(F_EVT_RES, "evt.res", FT_CHARBUF, 0,                                                     \
	  "Result of the syscall: SUCCESS, or the name of the error (ENOENT...).")                 \
	X(F_EVT_RAWRES, "evt.rawres", FT_INT64, 0,                                                 \
	  "Numeric return value of the syscall; negative values are errors.")                      \
	X(F_EVT_FAILED, "evt.failed", FT_BOOL, 0, "true for syscalls that returned an error.")     \
	X(F_EVT_IS_IO, "evt.is_io", FT_BOOL, 0, "true for events that read or write data.")        \
	X(F_EVT_IS_IO_READ, "evt.is_io_read", FT_BOOL, 0, "true for events that read data.")       \
	X(F_EVT_IS_IO_WRITE, "evt.is_io_write", FT_BOOL, 0, "true for events that write data.")    \
	X(F_EVT_IO_DIR, "evt.io_dir", FT_CHARBUF, 0, "'r' for reads, 'w' for writes.")             \
	X(F_EVT_IS_WAIT, "evt.is_wait", FT_BOOL, 0,                                                \
	  "true for events that make the thread wait (sleep, select, poll...).")                   \
	X(F_EVT_WAIT_LATENCY, "evt.wait_latency", FT_RELTIME, FF_DEPRECATED,                       \
	  "Time spent waiting in a blocking syscall, in nanoseconds. Deprecated.")                 \
	X(F_EVT_IS_SYSLOG, "evt.is_syslog", FT_BOOL, 0, "true for writes to /dev/log.")            \
	X(F_EVT_COUNT, "evt.count", FT_UINT32, 0, "1 for every event (for aggregation).")          \
	X(F_EVT_COUNT_ERROR, "evt.count.error", FT_UINT32, 0,                                      \
	  "1 for events that returned an error.")                                                  \
	X(F_EVT_COUNT_ERROR_FILE, "evt.count.error.file", FT_UINT32, 0,                            \
	  "1 for file events that returned an error.")                                             \
	X(F_EVT_COUNT_ERROR_NET, "evt.count.error.net", FT_UINT32, 0,                              \
	  "1 for network events that returned an error.")                                          \
	X(F_EVT_COUNT_ERROR_MEMORY, "evt.count.error.memory", FT_UINT32, 0,                        \
	  "1 for memory events that returned an error.")                                           \
	X(F_EVT_COUNT_ERROR_OTHER, "evt.count.error.other", FT_UINT32, 0,                          \
	  "1 for other events that returned an error.")                                            \
	X(F_EVT_COUNT_EXIT, "evt.count.exit", FT_UINT32, 0, "1 for exit events.")                  \
	X(F_EVT_ABSPATH, "evt.abspath", FT_CHARBUF, FF_ARG_ALLOWED | FF_ARG_KEY,                   \
	  "Absolute path computed from the dirfd and path parameters of *at syscalls; argument "   \
	  "src or dst for two-path syscalls.")                                                     \
	X(F_EVT_IS_OPEN_READ, "evt.is_open_read", FT_BOOL, 0,                                      \
	  "true for open-family exits whose flags allow reading; false on other events.")          \
	X(F_EVT_IS_OPEN_WRITE, "evt.is_open_write", FT_BOOL, 0,                                    \
	  "true for open-family exits whose flags allow writing; false on other events.")          \
	X(F_EVT_IS_OPEN_EXEC, "evt.is_open_exec", FT_BOOL, 0,                                      \
	  "true for open-family exits that create a file with an execute mode bit.")               \
	X(F_EVT_IS_OPEN_CREATE, "evt.is_open_create", FT_BOOL, 0,                                  \
	  "true for open-family exits that created the file.")                                     \
	X(F_EVT_LATENCY, "evt.latency", FT_RELTIME, FF_DEPRECATED,                                 \
	  "Nanoseconds between the enter and exit of the syscall. Deprecated.")                    \
	X(F_EVT_LATENCY_S, "evt.latency.s", FT_RELTIME, FF_DEPRECATED,                             \
	  "Seconds part of the syscall latency. Deprecated.")                                      \
	X(F_EVT_LATENCY_NS, "evt.latency.ns", FT_RELTIME, FF_DEPRECATED,                           \
	  "Sub-second part of the syscall latency. Deprecated.")                                   \
	X(F_EVT_LATENCY_HUMAN, "evt.latency.human", FT_CHARBUF, FF_DEPRECATED,                     \
	  "Syscall latency as readable text (e.g. 10.3ms). Deprecated.")                           \
	X(F_EVT_HOSTNAME, "evt.hostname", FT_CHARBUF, 0,                                           \
	  "Name of the host the event came from (FALCO_HOSTNAME overrides it).")                   \
	X(F_EVT_PLUGINNAME, "evt.pluginname", FT_CHARBUF, 0,                                       \
	  "Name of the plugin that produced the event, for plugin events.")                        \
	X(F_EVT_PLUGININFO, "evt.plugininfo", FT_CHARBUF, 0,                                       \
	  "Plugin-provided summary of the event, for plugin events.")                              \
	X(F_EVT_SOURCE, "evt.source", FT_CHARBUF, 0, "Event source of the event (syscall).")       \
	X(F_EVT_IS_ASYNC, "evt.is_async", FT_BOOL, 0,                                              \
	  "true for asynchronous events not caused by a syscall.")                                 \
	X(F_EVT_ASYNCTYPE, "evt.asynctype", FT_CHARBUF, 0,                                         \
	  "Name of the asynchronous event, for async events.")

/* ---- proc.* / thread.* ---- */
#define FIELD_LIST_PROC                                                                            \
	X(F_PROC_EXE, "proc.exe", FT_CHARBUF, 0,                                                   \
	  "argv[0] as passed to execve: often the program path or name, but set by the caller.")   \
	X(F_PROC_PEXE, "proc.pexe", FT_CHARBUF, 0, "proc.exe of the parent process.")              \
	X(F_PROC_AEXE, "proc.aexe", FT_CHARBUF,                                                    \
	  FF_ARG_ALLOWED | FF_ARG_INDEX | FF_NO_RHS | FF_NO_TRANSFORMER,                           \
	  "proc.exe of an ancestor: [0] self, [1] parent... Without index (filters only) it "      \
	  "matches when any ancestor matches.")                                                    \
	X(F_PROC_EXEPATH, "proc.exepath", FT_CHARBUF, 0,                                           \
	  "Full path of the executable as the kernel resolved it (symlinks followed).")            \
	X(F_PROC_PEXEPATH, "proc.pexepath", FT_CHARBUF, 0, "proc.exepath of the parent process.")  \
	X(F_PROC_AEXEPATH, "proc.aexepath", FT_CHARBUF,                                            \
	  FF_ARG_ALLOWED | FF_ARG_INDEX | FF_NO_RHS | FF_NO_TRANSFORMER,                           \
	  "proc.exepath of an ancestor by level; without index, any ancestor.")                    \
	X(F_PROC_NAME, "proc.name", FT_CHARBUF, 0,                                                 \
	  "Process name as the kernel keeps it (comm, at most 15 characters), set at exec.")       \
	X(F_PROC_PNAME, "proc.pname", FT_CHARBUF, 0, "proc.name of the parent process.")           \
	X(F_PROC_ANAME, "proc.aname", FT_CHARBUF,                                                  \
	  FF_ARG_ALLOWED | FF_ARG_INDEX | FF_NO_RHS | FF_NO_TRANSFORMER,                           \
	  "proc.name of an ancestor by level ([1] parent, [2] grandparent...); without index "     \
	  "a filter matches when any ancestor matches.")                                           \
	X(F_PROC_ARGS, "proc.args", FT_CHARBUF, FF_ARG_ALLOWED | FF_ARG_INDEX,                     \
	  "Command-line arguments after argv[0], joined with spaces; proc.args[N] is one of "      \
	  "them.")                                                                                 \
	X(F_PROC_CMDLINE, "proc.cmdline", FT_CHARBUF, 0,                                           \
	  "proc.name followed by the arguments, separated by spaces.")                             \
	X(F_PROC_PCMDLINE, "proc.pcmdline", FT_CHARBUF, 0, "proc.cmdline of the parent process.")  \
	X(F_PROC_ACMDLINE, "proc.acmdline", FT_CHARBUF,                                            \
	  FF_ARG_ALLOWED | FF_ARG_INDEX | FF_NO_RHS | FF_NO_TRANSFORMER,                           \
	  "proc.cmdline of an ancestor by level; without index, any ancestor.")                    \
	X(F_PROC_CMDNARGS, "proc.cmdnargs", FT_UINT64, 0, "Number of command-line arguments.")     \
	X(F_PROC_CMDLENARGS, "proc.cmdlenargs", FT_UINT64, 0,                                      \
	  "Total characters of the command-line arguments, separators excluded.")                  \
	X(F_PROC_EXELINE, "proc.exeline", FT_CHARBUF, 0,                                           \
	  "proc.exe followed by the arguments, separated by spaces.")                              \
	X(F_PROC_ENV, "proc.env", FT_CHARBUF, FF_ARG_ALLOWED | FF_ARG_KEY,                         \
	  "Environment as NAME=value pairs separated by spaces; proc.env[NAME] is one value.")     \
	X(F_PROC_AENV, "proc.aenv", FT_CHARBUF, FF_ARG_ALLOWED | FF_ARG_INDEX | FF_ARG_KEY,        \
	  "Environment of an ancestor (by level) or the first ancestor value of a variable.")      \
	X(F_PROC_CWD, "proc.cwd", FT_CHARBUF, 0, "Current working directory of the thread.")       \
	X(F_PROC_LOGINSHELLID, "proc.loginshellid", FT_INT64, 0,                                   \
	  "pid of the oldest shell among the ancestors, if any.")                                  \
	X(F_PROC_TTY, "proc.tty", FT_UINT32, 0,                                                    \
	  "Controlling terminal device number; 0 when the process has none.")                      \
	X(F_PROC_PID, "proc.pid", FT_INT64, 0, "Process id (thread group id).")                    \
	X(F_PROC_PPID, "proc.ppid", FT_INT64, 0, "Process id of the parent.")                      \
	X(F_PROC_APID, "proc.apid", FT_INT64,                                                      \
	  FF_ARG_ALLOWED | FF_ARG_INDEX | FF_NO_RHS | FF_NO_TRANSFORMER,                           \
	  "pid of an ancestor by level; without index, any ancestor.")                             \
	X(F_PROC_VPID, "proc.vpid", FT_INT64, 0, "Process id inside the process's pid namespace.") \
	X(F_PROC_PVPID, "proc.pvpid", FT_INT64, 0,                                                 \
	  "Parent's process id inside the process's pid namespace.")                               \
	X(F_PROC_SID, "proc.sid", FT_INT64, 0, "Session id of the process.")                       \
	X(F_PROC_SNAME, "proc.sname", FT_CHARBUF, 0,                                               \
	  "proc.name of the session leader (or the eldest ancestor in the same session).")         \
	X(F_PROC_SID_EXE, "proc.sid.exe", FT_CHARBUF, 0, "proc.exe of the session leader.")        \
	X(F_PROC_SID_EXEPATH, "proc.sid.exepath", FT_CHARBUF, 0,                                   \
	  "proc.exepath of the session leader.")                                                   \
	X(F_PROC_VPGID, "proc.vpgid", FT_INT64, 0,                                                 \
	  "Process group id inside the process's pid namespace.")                                  \
	X(F_PROC_VPGID_NAME, "proc.vpgid.name", FT_CHARBUF, 0,                                     \
	  "proc.name of the process group leader.")                                                \
	X(F_PROC_VPGID_EXE, "proc.vpgid.exe", FT_CHARBUF, 0,                                       \
	  "proc.exe of the process group leader.")                                                 \
	X(F_PROC_VPGID_EXEPATH, "proc.vpgid.exepath", FT_CHARBUF, 0,                               \
	  "proc.exepath of the process group leader.")                                             \
	X(F_PROC_DURATION, "proc.duration", FT_RELTIME, 0,                                         \
	  "Nanoseconds since the process was created.")                                            \
	X(F_PROC_PPID_DURATION, "proc.ppid.duration", FT_RELTIME, 0,                               \
	  "Nanoseconds since the parent process was created.")                                     \
	X(F_PROC_PID_TS, "proc.pid.ts", FT_RELTIME, 0,                                             \
	  "Creation time of the process, nanoseconds since the epoch.")                            \
	X(F_PROC_PPID_TS, "proc.ppid.ts", FT_RELTIME, 0,                                           \
	  "Creation time of the parent process, nanoseconds since the epoch.")                     \
	X(F_PROC_IS_EXE_WRITABLE, "proc.is_exe_writable", FT_BOOL, 0,                              \
	  "true if the executable is writable by the user that started the process.")              \
	X(F_PROC_IS_EXE_UPPER_LAYER, "proc.is_exe_upper_layer", FT_BOOL, 0,                        \
	  "true if the executable lives in the upper (writable) layer of an overlay filesystem.")  \
	X(F_PROC_IS_EXE_FROM_MEMFD, "proc.is_exe_from_memfd", FT_BOOL, 0,                          \
	  "true if the executable is an in-memory file made with memfd_create.")                   \
	X(F_PROC_IS_EXE_LOWER_LAYER, "proc.is_exe_lower_layer", FT_BOOL, 0,                        \
	  "true if the executable lives in a lower (read-only) layer of an overlay filesystem.")   \
	X(F_PROC_IS_SID_LEADER, "proc.is_sid_leader", FT_BOOL, 0,                                  \
	  "true if the process leads its session (sid equals vpid).")                              \
	X(F_PROC_IS_VPGID_LEADER, "proc.is_vpgid_leader", FT_BOOL, 0,                              \
	  "true if the process leads its process group (vpgid equals vpid).")                      \
	X(F_PROC_EXE_INO, "proc.exe_ino", FT_INT64, 0, "Inode number of the executable file.")     \
	X(F_PROC_EXE_INO_CTIME, "proc.exe_ino.ctime", FT_ABSTIME, 0,                               \
	  "Status-change time (ctime) of the executable's inode, ns since the epoch.")             \
	X(F_PROC_EXE_INO_MTIME, "proc.exe_ino.mtime", FT_ABSTIME, 0,                               \
	  "Modification time (mtime) of the executable's inode, ns since the epoch.")              \
	X(F_PROC_EXE_INO_CTIME_DURATION_PROC_START, "proc.exe_ino.ctime_duration_proc_start",      \
	  FT_ABSTIME, 0, "Nanoseconds from the executable's ctime to the start of the process.")   \
	X(F_PROC_EXE_INO_CTIME_DURATION_PIDNS_START, "proc.exe_ino.ctime_duration_pidns_start",    \
	  FT_ABSTIME, 0,                                                                           \
	  "Nanoseconds from the start of the pid namespace to the executable's ctime.")            \
	X(F_PROC_PIDNS_INIT_START_TS, "proc.pidns_init_start_ts", FT_UINT64, 0,                    \
	  "Start time of the pid namespace's init process, ns since the epoch.")                   \
	X(F_THREAD_CAP_PERMITTED, "thread.cap_permitted", FT_CHARBUF, 0,                           \
	  "Permitted capability set as space-separated CAP_* names.")                              \
	X(F_THREAD_CAP_INHERITABLE, "thread.cap_inheritable", FT_CHARBUF, 0,                       \
	  "Inheritable capability set as space-separated CAP_* names.")                            \
	X(F_THREAD_CAP_EFFECTIVE, "thread.cap_effective", FT_CHARBUF, 0,                           \
	  "Effective capability set as space-separated CAP_* names.")                              \
	X(F_PROC_IS_CONTAINER_HEALTHCHECK, "proc.is_container_healthcheck", FT_BOOL, 0,            \
	  "true if the process runs as the container's health check.")                             \
	X(F_PROC_IS_CONTAINER_LIVENESS_PROBE, "proc.is_container_liveness_probe", FT_BOOL, 0,      \
	  "true if the process runs as the container's liveness probe.")                           \
	X(F_PROC_IS_CONTAINER_READINESS_PROBE, "proc.is_container_readiness_probe", FT_BOOL, 0,    \
	  "true if the process runs as the container's readiness probe.")                          \
	X(F_PROC_FDOPENCOUNT, "proc.fdopencount", FT_UINT64, 0,                                    \
	  "Number of open file descriptors.")                                                      \
	X(F_PROC_FDLIMIT, "proc.fdlimit", FT_INT64, 0, "Maximum number of file descriptors.")      \
	X(F_PROC_FDUSAGE, "proc.fdusage", FT_DOUBLE, 0,                                            \
	  "Open descriptors as a share of the limit.")                                             \
	X(F_PROC_VMSIZE, "proc.vmsize", FT_UINT64, 0,                                              \
	  "Virtual memory size of the process, in kB.")                                            \
	X(F_PROC_VMRSS, "proc.vmrss", FT_UINT64, 0, "Resident memory of the process, in kB.")      \
	X(F_PROC_VMSWAP, "proc.vmswap", FT_UINT64, 0, "Swapped-out memory of the process, in kB.") \
	X(F_THREAD_PFMAJOR, "thread.pfmajor", FT_UINT64, 0, "Major page faults of the thread.")    \
	X(F_THREAD_PFMINOR, "thread.pfminor", FT_UINT64, 0, "Minor page faults of the thread.")    \
	X(F_THREAD_TID, "thread.tid", FT_INT64, 0, "Id of the thread that produced the event.")    \
	X(F_THREAD_ISMAIN, "thread.ismain", FT_BOOL, 0,                                            \
	  "true if the thread is the process's main thread.")                                      \
	X(F_THREAD_VTID, "thread.vtid", FT_INT64, 0,                                               \
	  "Thread id inside the thread's pid namespace.")                                          \
	X(F_THREAD_EXECTIME, "thread.exectime", FT_RELTIME, 0,                                     \
	  "CPU time of the last scheduled thread, from switch events.")                            \
	X(F_THREAD_TOTEXECTIME, "thread.totexectime", FT_RELTIME, 0,                               \
	  "Total CPU time of the thread since capture start, from switch events.")                 \
	X(F_THREAD_CGROUPS, "thread.cgroups", FT_CHARBUF, 0,                                       \
	  "Every cgroup of the thread, joined into one string.")                                   \
	X(F_THREAD_CGROUP, "thread.cgroup", FT_CHARBUF, FF_ARG_REQUIRED | FF_ARG_DOTTED,           \
	  "cgroup of the thread for one subsystem, e.g. thread.cgroup.cpuacct.")                   \
	X(F_PROC_NTHREADS, "proc.nthreads", FT_UINT64, 0,                                          \
	  "Number of live threads of the process.")                                                \
	X(F_PROC_NCHILDS, "proc.nchilds", FT_UINT64, 0,                                            \
	  "Number of live threads of the process other than the main one.")                        \
	X(F_THREAD_CPU, "thread.cpu", FT_DOUBLE, 0, "CPU used by the thread in the last second.")  \
	X(F_THREAD_CPU_USER, "thread.cpu.user", FT_DOUBLE, 0,                                      \
	  "User-mode CPU used by the thread in the last second.")                                  \
	X(F_THREAD_CPU_SYSTEM, "thread.cpu.system", FT_DOUBLE, 0,                                  \
	  "Kernel-mode CPU used by the thread in the last second.")                                \
	X(F_THREAD_VMSIZE, "thread.vmsize", FT_UINT64, 0,                                          \
	  "Virtual memory of the process in kB, on its main thread only (else 0).")                \
	X(F_THREAD_VMRSS, "thread.vmrss", FT_UINT64, 0,                                            \
	  "Resident memory of the process in kB, on its main thread only (else 0).")

/* ---- user.* / group.* ---- */
#define FIELD_LIST_USER                                                                            \
	X(F_USER_UID, "user.uid", FT_UINT32, 0, "User id of the thread.")                          \
	X(F_USER_NAME, "user.name", FT_CHARBUF, 0,                                                 \
	  "Name of the user id (from the process's own passwd file); root for 0, <NA> if "         \
	  "unknown.")                                                                              \
	X(F_USER_HOMEDIR, "user.homedir", FT_CHARBUF, 0, "Home directory of the user.")            \
	X(F_USER_SHELL, "user.shell", FT_CHARBUF, 0, "Login shell of the user.")                   \
	X(F_USER_LOGINUID, "user.loginuid", FT_INT64, 0,                                           \
	  "Audit login user id; -1 when it was never set.")                                        \
	X(F_USER_LOGINNAME, "user.loginname", FT_CHARBUF, 0,                                       \
	  "Name of the login user id; root for 0, <NA> if unknown.")                               \
	X(F_GROUP_GID, "group.gid", FT_UINT32, 0, "Group id of the thread.")                       \
	X(F_GROUP_NAME, "group.name", FT_CHARBUF, 0,                                               \
	  "Name of the group id; root for 0, <NA> if unknown.")

/* ---- fd.* ---- */
#define FIELD_LIST_FD                                                                              \
	X(F_FD_NUM, "fd.num", FT_INT64, 0, "File descriptor number; -1 for a failed open.")        \
	X(F_FD_TYPE, "fd.type", FT_CHARBUF, 0,                                                     \
	  "Kind of descriptor: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, "         \
	  "eventpoll, inotify, timerfd, netlink, bpf, userfaultfd, io_uring, memfd, pidfd.")       \
	X(F_FD_TYPECHAR, "fd.typechar", FT_CHARBUF, 0,                                             \
	  "Kind of descriptor as one character: f file, d directory, 4 IPv4, 6 IPv6, u unix...")   \
	X(F_FD_NAME, "fd.name", FT_CHARBUF, 0,                                                     \
	  "Absolute path for files; client:port->server:port for IP sockets; path for unix "       \
	  "sockets.")                                                                              \
	X(F_FD_DIRECTORY, "fd.directory", FT_CHARBUF, 0,                                           \
	  "Directory part of fd.name, for files and directories.")                                 \
	X(F_FD_FILENAME, "fd.filename", FT_CHARBUF, 0,                                             \
	  "Last path component of fd.name, for files.")                                            \
	X(F_FD_IP, "fd.ip", FT_IPADDR, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,             \
	  "Matches the client or the server IP address (filters only).")                           \
	X(F_FD_CIP, "fd.cip", FT_IPADDR, 0, "Client IP address.")                                  \
	X(F_FD_SIP, "fd.sip", FT_IPADDR, 0, "Server IP address.")                                  \
	X(F_FD_LIP, "fd.lip", FT_IPADDR, 0, "Local IP address.")                                   \
	X(F_FD_RIP, "fd.rip", FT_IPADDR, 0, "Remote IP address.")                                  \
	X(F_FD_PORT, "fd.port", FT_PORT, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,           \
	  "Matches the client or the server port (filters only).")                                 \
	X(F_FD_CPORT, "fd.cport", FT_PORT, 0, "Client port.")                                      \
	X(F_FD_SPORT, "fd.sport", FT_PORT, 0, "Server port.")                                      \
	X(F_FD_LPORT, "fd.lport", FT_PORT, 0, "Local port.")                                       \
	X(F_FD_RPORT, "fd.rport", FT_PORT, 0, "Remote port.")                                      \
	X(F_FD_L4PROTO, "fd.l4proto", FT_CHARBUF, 0,                                               \
	  "Transport protocol of a socket: tcp, udp, icmp or raw.")                                \
	X(F_FD_SOCKFAMILY, "fd.sockfamily", FT_CHARBUF, 0, "Socket family: ip or unix.")           \
	X(F_FD_IS_SERVER, "fd.is_server", FT_BOOL, 0,                                              \
	  "true if this process is the server side of the connection.")                            \
	X(F_FD_UID, "fd.uid", FT_CHARBUF, 0, "Unique id of the descriptor (thread id and fd).")    \
	X(F_FD_CONTAINERNAME, "fd.containername", FT_CHARBUF, 0,                                   \
	  "container.id joined to fd.name.")                                                       \
	X(F_FD_CONTAINERDIRECTORY, "fd.containerdirectory", FT_CHARBUF, 0,                         \
	  "container.id joined to fd.directory.")                                                  \
	X(F_FD_PROTO, "fd.proto", FT_PORT, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,         \
	  "Matches the client or the server protocol (filters only).")                             \
	X(F_FD_CPROTO, "fd.cproto", FT_CHARBUF, 0, "Protocol name of the client port.")            \
	X(F_FD_SPROTO, "fd.sproto", FT_CHARBUF, 0, "Protocol name of the server port.")            \
	X(F_FD_LPROTO, "fd.lproto", FT_CHARBUF, 0, "Protocol name of the local port.")             \
	X(F_FD_RPROTO, "fd.rproto", FT_CHARBUF, 0, "Protocol name of the remote port.")            \
	X(F_FD_NET, "fd.net", FT_IPNET, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,            \
	  "Matches when the client or the server IP is inside the given network (filters only).")  \
	X(F_FD_CNET, "fd.cnet", FT_IPNET, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,          \
	  "Matches when the client IP is inside the given network (filters only).")                \
	X(F_FD_SNET, "fd.snet", FT_IPNET, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,          \
	  "Matches when the server IP is inside the given network (filters only).")                \
	X(F_FD_LNET, "fd.lnet", FT_IPNET, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,          \
	  "Matches when the local IP is inside the given network (filters only).")                 \
	X(F_FD_RNET, "fd.rnet", FT_IPNET, FF_FILTER_ONLY | FF_NO_RHS | FF_NO_TRANSFORMER,          \
	  "Matches when the remote IP is inside the given network (filters only).")                \
	X(F_FD_CONNECTED, "fd.connected", FT_BOOL, 0, "true if the socket is connected.")          \
	X(F_FD_NAME_CHANGED, "fd.name_changed", FT_BOOL, 0,                                        \
	  "true if this event changed the descriptor's name (e.g. UDP to a new peer).")            \
	X(F_FD_CIP_NAME, "fd.cip.name", FT_CHARBUF, FF_NO_RHS,                                     \
	  "Domain name last resolved to the client IP.")                                           \
	X(F_FD_SIP_NAME, "fd.sip.name", FT_CHARBUF, FF_NO_RHS,                                     \
	  "Domain name last resolved to the server IP.")                                           \
	X(F_FD_LIP_NAME, "fd.lip.name", FT_CHARBUF, FF_NO_RHS,                                     \
	  "Domain name last resolved to the local IP.")                                            \
	X(F_FD_RIP_NAME, "fd.rip.name", FT_CHARBUF, FF_NO_RHS,                                     \
	  "Domain name last resolved to the remote IP.")                                           \
	X(F_FD_DEV, "fd.dev", FT_UINT32, FF_PRINT_HEX, "Device number of the file's filesystem.")  \
	X(F_FD_DEV_MAJOR, "fd.dev.major", FT_UINT32, 0, "Major part of fd.dev.")                   \
	X(F_FD_DEV_MINOR, "fd.dev.minor", FT_UINT32, 0, "Minor part of fd.dev.")                   \
	X(F_FD_INO, "fd.ino", FT_INT64, 0, "Inode number of the file.")                            \
	X(F_FD_NAMERAW, "fd.nameraw", FT_CHARBUF, 0,                                               \
	  "Path exactly as the syscall received it, not made absolute.")                           \
	X(F_FD_TYPES, "fd.types", FT_CHARBUF, FF_IS_LIST | FF_ARG_ALLOWED | FF_ARG_INDEX,          \
	  "List of the fd.type of every open descriptor of the process; fd.types[N] for one fd.")  \
	X(F_FD_IS_UPPER_LAYER, "fd.is_upper_layer", FT_BOOL, 0,                                    \
	  "true if the file is in the upper layer of an overlay filesystem.")                      \
	X(F_FD_IS_LOWER_LAYER, "fd.is_lower_layer", FT_BOOL, 0,                                    \
	  "true if the file is in a lower layer of an overlay filesystem.")

/* ---- container.* / k8s.* (container plugin) ---- */
#define FIELD_LIST_CONTAINER                                                                       \
	X(F_CONTAINER_ID, "container.id", FT_CHARBUF, 0,                                           \
	  "Short (12 characters) container id; 'host' for processes outside containers.")          \
	X(F_CONTAINER_FULL_ID, "container.full_id", FT_CHARBUF, 0,                                 \
	  "Full container id; 'host' outside containers.")                                         \
	X(F_CONTAINER_NAME, "container.name", FT_CHARBUF, 0,                                       \
	  "Container name; 'host' outside containers.")                                            \
	X(F_CONTAINER_IMAGE, "container.image", FT_CHARBUF, 0,                                     \
	  "Image reference of the container.")                                                     \
	X(F_CONTAINER_IMAGE_ID, "container.image.id", FT_CHARBUF, 0, "Id of the container image.") \
	X(F_CONTAINER_TYPE, "container.type", FT_CHARBUF, 0,                                       \
	  "Container runtime: docker, containerd, cri-o, podman, lxc...")                          \
	X(F_CONTAINER_PRIVILEGED, "container.privileged", FT_BOOL, 0,                              \
	  "true for privileged containers.")                                                       \
	X(F_CONTAINER_MOUNTS, "container.mounts", FT_CHARBUF, 0,                                   \
	  "Mounts as source:dest:mode:rdwr:propagation, comma-separated.")                         \
	X(F_CONTAINER_MOUNT, "container.mount", FT_CHARBUF,                                        \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY,                                             \
	  "One mount in the container.mounts form, by index or by source path/glob.")              \
	X(F_CONTAINER_MOUNT_SOURCE, "container.mount.source", FT_CHARBUF,                          \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY,                                             \
	  "Source of a mount, by index or by destination path/glob.")                              \
	X(F_CONTAINER_MOUNT_DEST, "container.mount.dest", FT_CHARBUF,                              \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY,                                             \
	  "Destination of a mount, by index or by source path/glob.")                              \
	X(F_CONTAINER_MOUNT_MODE, "container.mount.mode", FT_CHARBUF,                              \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY, "Mode of a mount, by index or by source.")  \
	X(F_CONTAINER_MOUNT_RDWR, "container.mount.rdwr", FT_CHARBUF,                              \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY,                                             \
	  "Whether a mount is writable, by index or by source.")                                   \
	X(F_CONTAINER_MOUNT_PROPAGATION, "container.mount.propagation", FT_CHARBUF,                \
	  FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY,                                             \
	  "Propagation mode of a mount, by index or by source.")                                   \
	X(F_CONTAINER_IMAGE_REPOSITORY, "container.image.repository", FT_CHARBUF, 0,               \
	  "Repository part of the container image (e.g. docker.io/library/nginx).")                \
	X(F_CONTAINER_IMAGE_TAG, "container.image.tag", FT_CHARBUF, 0,                             \
	  "Tag of the container image.")                                                           \
	X(F_CONTAINER_IMAGE_DIGEST, "container.image.digest", FT_CHARBUF, 0,                       \
	  "Digest of the container image.")                                                        \
	X(F_CONTAINER_HEALTHCHECK, "container.healthcheck", FT_CHARBUF, 0,                         \
	  "Health-check command of the container, if any.")                                        \
	X(F_CONTAINER_LIVENESS_PROBE, "container.liveness_probe", FT_CHARBUF, 0,                   \
	  "Liveness-probe command of the container, if any.")                                      \
	X(F_CONTAINER_READINESS_PROBE, "container.readiness_probe", FT_CHARBUF, 0,                 \
	  "Readiness-probe command of the container, if any.")                                     \
	X(F_CONTAINER_START_TS, "container.start_ts", FT_ABSTIME, 0,                               \
	  "Start time of the container (its pid namespace init), ns since the epoch.")             \
	X(F_CONTAINER_DURATION, "container.duration", FT_RELTIME, 0,                               \
	  "Nanoseconds since the container started.")                                              \
	X(F_CONTAINER_IP, "container.ip", FT_CHARBUF, 0, "Main IP address of the container.")      \
	X(F_CONTAINER_CNI_JSON, "container.cni.json", FT_CHARBUF, 0,                               \
	  "CNI result of the container as JSON.")                                                  \
	X(F_CONTAINER_HOST_PID, "container.host_pid", FT_BOOL, 0,                                  \
	  "true if the container shares the host's pid namespace.")                                \
	X(F_CONTAINER_HOST_NETWORK, "container.host_network", FT_BOOL, 0,                          \
	  "true if the container shares the host's network namespace.")                            \
	X(F_CONTAINER_HOST_IPC, "container.host_ipc", FT_BOOL, 0,                                  \
	  "true if the container shares the host's IPC namespace.")                                \
	X(F_CONTAINER_LABEL, "container.label", FT_CHARBUF, FF_ARG_REQUIRED | FF_ARG_KEY,          \
	  "Value of one container label, container.label[KEY].")                                   \
	X(F_CONTAINER_LABELS, "container.labels", FT_CHARBUF, 0,                                   \
	  "Every container label as key:value pairs, comma-separated.")                            \
	X(F_K8S_POD_NAME, "k8s.pod.name", FT_CHARBUF, 0, "Kubernetes pod name of the container.")  \
	X(F_K8S_NS_NAME, "k8s.ns.name", FT_CHARBUF, 0, "Kubernetes namespace of the pod.")         \
	X(F_K8S_POD_ID, "k8s.pod.id", FT_CHARBUF, 0, "Kubernetes pod UID (legacy name).")          \
	X(F_K8S_POD_UID, "k8s.pod.uid", FT_CHARBUF, 0, "Kubernetes pod UID.")                      \
	X(F_K8S_POD_SANDBOX_ID, "k8s.pod.sandbox_id", FT_CHARBUF, 0,                               \
	  "Short (12 characters) id of the pod sandbox.")                                          \
	X(F_K8S_POD_FULL_SANDBOX_ID, "k8s.pod.full_sandbox_id", FT_CHARBUF, 0,                     \
	  "Full id of the pod sandbox.")                                                           \
	X(F_K8S_POD_LABEL, "k8s.pod.label", FT_CHARBUF, FF_ARG_REQUIRED | FF_ARG_KEY,              \
	  "Value of one pod label, k8s.pod.label[KEY].")                                           \
	X(F_K8S_POD_LABELS, "k8s.pod.labels", FT_CHARBUF, 0,                                       \
	  "Every pod label as key:value pairs, comma-separated.")                                  \
	X(F_K8S_POD_IP, "k8s.pod.ip", FT_CHARBUF, 0, "IP address of the pod.")                     \
	X(F_K8S_POD_CNI_JSON, "k8s.pod.cni.json", FT_CHARBUF, 0, "CNI result of the pod as JSON.")

#define FIELD_LIST FIELD_LIST_EVT FIELD_LIST_PROC FIELD_LIST_USER FIELD_LIST_FD FIELD_LIST_CONTAINER

#endif
