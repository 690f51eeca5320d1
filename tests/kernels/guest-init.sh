#!/bin/busybox sh
# guest-init.sh — /init of the test initramfs (busybox sh, PID 1 in the guest).
# Mounts what lanner needs, starts it on /lanner/rules.lnb, runs the actions, and prints the
# result lines the host reads from the serial console ("LNR ..."), then powers the guest off.
# The host side is tests/kernels/run.sh.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/shm /tmp /root /run
mount -t tmpfs shm /dev/shm
mount -t tmpfs tmp /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
export PATH=/bin:/sbin:/usr/bin:/lanner HOME=/root

echo "LNR kernel $(uname -r)"
[ -r /sys/kernel/btf/vmlinux ] && echo "LNR btf yes" || echo "LNR btf no"

# lnr.verbose=1 on the kernel command line (run.sh: LANNER_KERNEL_VERBOSE=1): lanner -v, the
# verifier's log of a refused program on the console
vflag=
grep -q 'lnr.verbose=1' /proc/cmdline && vflag=-v
# lnr.stats=1 (run.sh: LANNER_KERNEL_STATS=1): each program's verifier statistics (time, insns)
grep -q 'lnr.stats=1' /proc/cmdline && export LANNER_VERIFIER_STATS=1
# lnr.preempt_guard=0|1 (run.sh: LANNER_KERNEL_PREEMPT_GUARD): forces lanner's preemption guard
# off or on (helpers/preempt.h; a before/after of the storm beside the CPU hog)
g=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^lnr.preempt_guard=//p')
[ -n "$g" ] && export LANNER_PREEMPT_GUARD=$g
t0=$(cut -d' ' -f1 /proc/uptime)
/lanner/lanner $vflag -b /lanner/rules.lnb >/tmp/alerts 2>/tmp/lanner.err &
lp=$!
i=0
while [ $i -lt 2400 ]; do
	grep -q 'loaded and attached' /tmp/lanner.err && break
	kill -0 $lp 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
if grep -q 'loaded and attached' /tmp/lanner.err; then
	echo "LNR attached $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')"
	grep -i 'variant\|feature' /tmp/lanner.err | sed 's/^/LNR variants /'
	# seed scenario: the secret-file rule, 4 alerts (openat, dup2, close, close)
	/usr/bin/touch /tmp/secret
	# the same file opened through the i386 gate (int $0x80): open + close, 2 alerts; the
	# kernel may lack IA32 emulation (then the open fails with ENOSYS and nothing is expected)
	/usr/bin/ia32open /tmp/secret >/tmp/ia32.out 2>&1
	echo "LNR ia32open $(cat /tmp/ia32.out)"
	# an exec rule of the stable set: Search Private Keys or Passwords
	/usr/bin/find /root -maxdepth 1 -name id_rsa >/dev/null 2>&1
	# a storm beside a CPU hog: the one vCPU is shared, and the kernel preempts the storm often,
	# also inside lanner's programs where it runs syscall programs preemptibly (7.x); each of the
	# storm's opens and closes must still alert (2 per iteration)
	n=1500
	(while :; do :; done) &
	hog=$!
	/usr/bin/openloop /tmp/secret $n >/tmp/openloop.out 2>&1
	kill $hog
	echo "LNR stressruns $(cat /tmp/openloop.out)"
	sleep 2
	kill -INT $lp
	wait $lp
	echo "LNR exit $?"
else
	echo "LNR attached no"
	kill -INT $lp 2>/dev/null
fi
echo "LNR secret $(grep 'Access to secret file' /tmp/alerts | grep -c 'command=touch /tmp/secret')"
echo "LNR ia32 $(grep 'Access to secret file' /tmp/alerts | grep -c 'command=ia32open /tmp/secret')"
echo "LNR stress $(grep 'Access to secret file' /tmp/alerts | grep -c 'command=openloop /tmp/secret')"
echo "LNR findkeys $(grep -c 'Grep private keys or passwords' /tmp/alerts)"
# verbose: lanner's and libbpf's lines and the last 40 lines of each refused program's log (the
# whole log takes minutes over the serial console)
if [ -n "$vflag" ]; then
	awk '/^(lanner|libbpf):/ { print; next } { r[n++ % 40] = $0 }
	     /END PROG LOAD LOG/ { for (i = n - 40; i < n; i++) if (i >= 0) print r[i % 40] }' \
		/tmp/lanner.err | sed 's/^/LNR stderr /'
else
	sed 's/^/LNR stderr /' /tmp/lanner.err | tail -40
fi
# one line per program: its name, then the verifier's time and instruction count
[ -n "${LANNER_VERIFIER_STATS:-}" ] && awk '/^verifier: / { n = $2 } /verification time|processed/ { printf "LNR stats %s %s\n", n, $0 }' /tmp/lanner.err
sed 's/^/LNR alert /' /tmp/alerts | head -20
echo "LNR done"
sync
poweroff -f
