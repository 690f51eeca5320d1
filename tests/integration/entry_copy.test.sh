#!/usr/bin/env bash
# entry_copy.test.sh — the entry-time copy of a path argument outlives a syscall that sleeps.
# A thread opens a FIFO for reading (openat blocks until a writer comes); while it sleeps inside
# openat, past the kernel's own copy of the path, another thread of the process rewrites the path
# buffer to a decoy name, then opens the FIFO for writing through a symlink, which wakes the
# reader. The kernel opened the FIFO, so the reader's event must name the FIFO (the copy made at
# the syscall's entry), never the decoy that user memory holds at its exit (TOCTOU). The writer's
# open names the symlink. The reader is known to be inside openat from
# /proc/self/task/TID/syscall before the rewrite, so the test does not depend on timing.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
command -v python3 >/dev/null || skip "no python3"
workdir toctou
mkfifo "$work/fifo"
ln -s "$work/fifo" "$work/wlink"
cat >"$work/rules.yaml" <<EOF
- rule: lnr entry copy open
  desc: opens under the test's directory
  condition: evt.type in (open, openat) and fd.name startswith $work/
  output: "lnr-entry-copy name=%fd.name tid=%thread.tid"
  priority: WARNING
EOF
lanner_start "$work/out" LANNER_CACHE_DIR="$work/cache" -r "$work/rules.yaml" || {
	bad "lanner did not start:"
	cat "$work/out.err"
	exit 1
}

# prints the reader's tid; 'blocked' once the rewrite happened while it slept in openat
python3 - "$work" >"$work/py.out" 2>&1 <<'PY'
import ctypes, os, sys, threading, time
d = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
buf = ctypes.create_string_buffer((d + "/fifo").encode(), 4096)
res = {}
def reader():
    res["tid"] = threading.get_native_id()
    # openat(AT_FDCWD, buf, O_RDONLY): ctypes releases the GIL while it sleeps
    res["fd"] = libc.syscall(257, -100, buf, os.O_RDONLY, 0)
t = threading.Thread(target=reader)
t.start()
state = "not-blocked"
for _ in range(2000):
    tid = res.get("tid")
    if tid:
        try:
            sc = open(f"/proc/self/task/{tid}/syscall").read().split()
        except OSError:
            sc = []
        if sc and sc[0] == "257":
            ctypes.memmove(buf, (d + "/decoy\0").encode(), len(d) + 7)
            state = "blocked"
            break
    time.sleep(0.005)
w = os.open(d + "/wlink", os.O_WRONLY)
t.join()
os.close(w)
if res.get("fd", -1) >= 0:
    os.close(res["fd"])
print(res.get("tid"), state)
PY
read -r rtid state <"$work/py.out"
check "the reader slept in openat when its path was rewritten" blocked "$state"
sleep 1
lanner_stop
alerts=$(grep -a 'lnr-entry-copy' "$work/out")
has_alert "the reader's open names the FIFO (its path at entry)" "name=$work/fifo tid=$rtid( |$)"
no_alert "the reader's open does not name the decoy (its path at exit)" "name=$work/decoy"
has_alert "the writer's open names the symlink" "name=$work/wlink "
summary entry_copy
