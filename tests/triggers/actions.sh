# actions.sh — the steps of tests/triggers/table.tsv: step_<name> performs one action or control
# with real syscalls; prepare_steps makes the files and containers they need (before the agents
# start, so preparing causes no alert); cleanup_steps removes them.
#
# Sourced by tests/integration/triggers.test.sh, which sets:
#   RUN     a number unique to this run; every step's marker is "lt$RUN-<step>." (mark STEP)
#   W       a work directory (mode 755: some steps run as uid 1 / 65534); BIN=$W/bin holds act
#           (static) and symlinks to it or to busybox under the names rules look for
#   HOSTIP  this host's IPv4 address on its default route (not loopback, not RFC 1918)
#   PLAIN   a podman busybox container (default capabilities and seccomp profile); PRIV the same
#           --privileged; both see $BIN as /trg and the host's / read-only as /host
#   KID     a ctr task in /kubepods/… with CRI labels (k8s namespace lanner-triggers), host net
# The marker reaches the alert through the command line (an extra argument every program here
# ignores or reports harmlessly), a file name or a container name; the test counts an alert for
# a step when its output text contains the step's marker (other tests run concurrently).
#
# How the counts in table.tsv follow from Falco's event model (only exit events reach rules; one
# alert per matching event, rule_matching=all):
# - exec rules: one execve per program started; `podman exec C prog` execs prog once (runc's
#   init execs it in place); a symlink's name is the process name (comm), so a symlink named
#   nginx to act is "nginx" to every rule;
# - open rules: one openat per open; the close that follows is not an open event;
# - revshell: three dup2 (fds 0, 1, 2), each an event with an ipv4 fd: 3;
# - tar: one read-only open per regular file archived (directories open with typechar 'd';
#   /etc is excluded by the rule): 2 files, 2 alerts;
# - connect rules: one connect; a non-blocking connect counts with EINPROGRESS;
# - a container start: one execve at vpid 1 (runc's init execs the entrypoint; runc itself
#   execs before it joins the container's cgroup).
# shellcheck shell=bash

mark() { echo "lt$RUN-$1."; }
# ct NAME ARGS...: podman exec into container NAME (no terminal)
ct() {
	local c=$1
	shift
	podman exec "$c" "$@"
}

# ---- preparation ----------------------------------------------------------------------------
prepare_files() {
	local m
	mkdir -p "$BIN" "$W/d1/d2/d3" "$W/keys" "$W/aws" "$W/rc" "$W/hist" "$W/lib" "$W/pw"
	chmod 755 "$W"
	cc -static -std=gnu11 -O1 -Wall -Wextra -Werror -o "$BIN/act" tests/triggers/act.c || return 1
	for n in nginx notnginx sshd postgres debugfs scp; do ln -sf act "$BIN/$n"; done
	for n in nc wget; do ln -sf /bin/busybox "$BIN/$n"; done
	# the find / grep targets
	for s in find-id-rsa find-known-hosts; do mkdir -p "$W/keys/$(mark $s)"; done
	for s in grep-aws grep-aws-region; do
		m=$W/aws/$(mark $s)
		mkdir -p "$m"
		printf '[default]\nregion = eu-west-1\n' >"$m/config"
	done
	# logs under /var/log (Clear Log Activities)
	for s in truncate-log append-log; do echo old >"/var/log/$(mark $s).log"; done
	for s in shred-file rm-file; do head -c 4096 /dev/urandom >"$W/$(mark $s).data"; done
	# hard links must stay on /etc's file system
	HL=/var/tmp/lanner-triggers-$RUN
	mkdir -p "$HL"
	# /dev/shm and a plain directory: copies of true
	cp /bin/true "/dev/shm/$(mark devshm-exec)"
	mkdir -p "/dev/shm/$(mark devshm-cwd-exec)"
	cp /bin/true "/dev/shm/$(mark devshm-cwd-exec)/true"
	cp /bin/true "$W/$(mark tmp-exec)"
	# shell configuration, history, setuid targets
	for s in bashrc-write bashrc-read; do mkdir -p "$W/rc/$(mark $s)" && : >"$W/rc/$(mark $s)/.bashrc"; done
	for s in history-rm history-mv profile-rm; do
		m=$W/hist/$(mark $s)
		mkdir -p "$m" && : >"$m/.bash_history" && : >"$m/.bash_profile"
	done
	for s in chmod-setuid chmod-755; do cp /bin/true "$W/$(mark $s)"; done
	# homes with .ssh (user_ssh_directory is /home/*/.ssh/*)
	for s in ssh-dir-read authkeys-write; do mkdir -p "/home/$(mark $s)/.ssh"; done
	for s in nossh-dir-read authkeys-nossh-write; do mkdir -p "/home/$(mark $s)/ssh"; done
	echo "host ssh-ed25519 AAAA" >"/home/$(mark ssh-dir-read)/.ssh/known_hosts"
	echo "host ssh-ed25519 AAAA" >"/home/$(mark nossh-dir-read)/ssh/known_hosts"
	# liblzma look-alikes
	for s in sshd-liblzma sshd-liblzma-ok; do mkdir -p "$W/lib/$(mark $s)"; done
	: >"$W/lib/$(mark sshd-liblzma)/liblzma.so.5.6.1"
	: >"$W/lib/$(mark sshd-liblzma-ok)/liblzma.so.5.4.1"
	# pwck -r checks copies, never the real files
	for s in pwck-readonly; do
		printf 'root:x:0:0:root:/root:/bin/sh\n' >"$W/pw/$(mark $s).passwd"
		printf 'root:*:19000:0:99999:7:::\n' >"$W/pw/$(mark $s).shadow"
	done
	: >"$W/$(mark finit-module-priv).ko"
	: >"$W/$(mark finit-module-ct).ko"
	cp "$W/"*.ko "$BIN/"
}

# listeners the network steps connect to (act listen ends by itself)
start_listeners() {
	"$BIN/act" listen "$HOSTIP" 443 120 &
	"$BIN/act" listen "$HOSTIP" 2222 120 &
	"$BIN/act" listen "$HOSTIP" 8089 120 &
	"$BIN/act" listen 127.0.0.1 8089 120 &
}

# inside the containers: directories for tar, the dropped binary's source stays in the image
prepare_containers() {
	local s
	for s in tar-ct tar-under-sh-ct; do
		ct "$PLAIN" sh -c "mkdir -p /root/$(mark $s) && echo a >/root/$(mark $s)/a && echo b >/root/$(mark $s)/b" || return 1
	done
	ct "$PLAIN" cp /bin/busybox "/root/$(mark drop-exec-ct)" || return 1
	# a release_agent file, as the escape gets one: a cgroup v1 hierarchy mounted again inside
	# the privileged container shows its root, where release_agent lives (the step only opens
	# it for writing; nothing is written)
	ct "$PRIV" sh -c 'mkdir -p /tmp/lt-cg && mount -t cgroup -o pids cgroup /tmp/lt-cg' &&
		RELEASE_AGENT=/tmp/lt-cg/release_agent
}

cleanup_steps() {
	rm -rf /var/log/lt"$RUN"-*.log /dev/shm/lt"$RUN"-* /dev/lt"$RUN"-* /etc/cron.d/lt"$RUN"-* \
		/home/lt"$RUN"-*/ /var/tmp/lanner-triggers-"$RUN"
}

# ---- stable rules -----------------------------------------------------------------------------
step_traversal() { (cd "$W/d1/d2/d3" && timeout 20 "$BIN/act" open ../../../../../../../../../etc/hostname r "$M"); }
step_traversal-shell() { (cd "$W/d1/d2/d3" && cat ../../../../../../../../../etc/hostname "$M") >/dev/null 2>&1; }
# started first, in the background: the open comes 5.5 s after nginx started (not proc_is_new)
step_nginx-shadow-late() { "$BIN/nginx" sleep-open 5500 /etc/shadow r "$M"; }
step_nginx-shadow-early() { "$BIN/nginx" open /etc/shadow r "$M"; }
step_cat-shadow() { cat /etc/shadow "$M" >/dev/null 2>&1; }
step_sh-read-shadow() { sh -c "read -r l </etc/shadow; : $M"; }
step_nginx-spawns-sh() { "$BIN/nginx" spawn sh -c ": $M"; }
step_other-spawns-sh() { "$BIN/notnginx" spawn sh -c ": $M"; }
step_sysuser-under-sshd() { "$BIN/sshd" spawn "$BIN/act" as-user 65534 /bin/true "$M"; }
step_root-under-sshd() { "$BIN/sshd" spawn /bin/true "$M"; }
step_exec-tty-shell() { script -qc "podman exec -t $PLAIN sh -c ': $M'" /dev/null >/dev/null; }
step_exec-notty-shell() { ct "$PLAIN" sh -c ": $M"; }
# 10.96.0.1 is the usual Kubernetes API service address (nothing answers here: non-blocking)
step_k8s-api-connect() { ct "$PLAIN" /trg/act connect tcp 10.96.0.1 443 nb "$M"; }
step_nc-exec-ct() { ct "$PLAIN" nc -e /bin/true 127.0.0.1 9 "$M" >/dev/null 2>&1; }
step_nc-plain-ct() { ct "$PLAIN" nc -w 1 127.0.0.1 9 "$M" >/dev/null 2>&1; }
step_find-id-rsa() { find "$W/keys/$M" -name id_rsa; }
step_find-known-hosts() { find "$W/keys/$M" -name known_hosts; }
step_truncate-log() { "$BIN/act" open "/var/log/$M.log" wt; }
step_append-log() { "$BIN/act" open "/var/log/$M.log" wa; }
step_shred-file() { shred -u "$W/$M.data"; }
step_rm-file() { rm -f "$W/$M.data"; }
step_symlink-shadow() { ln -s /etc/shadow "$W/$M.lnk"; }
step_symlink-hostname() { ln -s /etc/hostname "$W/$M.lnk"; }
step_hardlink-shadow() { ln /etc/shadow "$HL/$M.lnk"; }
step_hardlink-hostname() { ln /etc/hostname "$HL/$M.lnk" 2>/dev/null; }
step_packet-socket-ct() { ct "$PLAIN" /trg/act socket packet "$M"; }
step_inet-socket-ct() { ct "$PLAIN" /trg/act socket inet "$M"; }
step_revshell-ct() { ct "$PLAIN" /trg/act revshell "$M"; }
step_dup-file-ct() { ct "$PLAIN" /trg/act dup-file /etc/hostname "$M"; }
# no module can load here (this kernel has no module support: ENOSYS); the attempt is the event
step_finit-module-priv() { ct "$PRIV" /trg/act finit-module "/trg/$M.ko" 2>/dev/null; }
step_finit-module-ct() { ct "$PLAIN" /trg/act finit-module "/trg/$M.ko" 2>/dev/null; }
# the host's debugfs through its root mounted in the container (read-only: -R stat)
step_debugfs-priv() { ct "$PRIV" chroot /host /usr/sbin/debugfs -R "stat /$M" /dev/null >/dev/null 2>&1; }
step_debugfs-ct() { ct "$PLAIN" chroot /host /usr/sbin/debugfs -R "stat /$M" /dev/null >/dev/null 2>&1; }
# opened for writing, nothing written
step_release-agent-priv() { ct "$PRIV" /trg/act open "${RELEASE_AGENT:-/sys/fs/cgroup/release_agent}" w "$M"; }
step_release-agent-read-priv() { ct "$PRIV" /trg/act open "${RELEASE_AGENT:-/sys/fs/cgroup/release_agent}" r "$M"; }
step_ptrace-attach() { "$BIN/act" ptrace-attach "$M"; }
step_ptrace-peek() { "$BIN/act" ptrace-peek "$M"; }
step_ptrace-traceme() { "$BIN/act" ptrace-traceme "$M"; }
step_grep-aws() { grep -r aws_secret_access_key "$W/aws/$M"; }
step_grep-aws-region() { grep -r -q aws_region "$W/aws/$M"; }
step_devshm-exec() { "/dev/shm/$M" "$M"; }
step_devshm-cwd-exec() { (cd "/dev/shm/$M" && ./true "$M"); }
step_tmp-exec() { "$W/$M" "$M"; }
step_drop-exec-ct() { ct "$PLAIN" "/root/$M" true >/dev/null 2>&1; }
step_image-exec-ct() { ct "$PLAIN" /bin/true "$M"; }
ssh_to() { # PORT: an ssh connection attempt to this host (the listener closes it at once)
	timeout 10 ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=3 -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -p "$1" "$M@$HOSTIP" true >/dev/null 2>&1
}
step_ssh-443() { ssh_to 443; }
step_ssh-2222() { ssh_to 2222; }
step_memfd-exec() { "$BIN/act" memfd-exec /bin/true true "$M"; }
step_file-exec() { /bin/true "$M"; }

# ---- incubating rules -------------------------------------------------------------------------
step_bashrc-write() { "$BIN/act" open "$W/rc/$M/.bashrc" wa; }
step_bashrc-read() { "$BIN/act" open "$W/rc/$M/.bashrc" r; }
step_cron-write() { "$BIN/act" open "/etc/cron.d/$M" wc; }
step_cron-read() { "$BIN/act" open /etc/cron.d/e2scrub_all r "$M"; }
step_ssh-dir-read() { cat "/home/$M/.ssh/known_hosts" >/dev/null; }
step_nossh-dir-read() { cat "/home/$M/ssh/known_hosts" >/dev/null; }
step_postgres-spawns() { "$BIN/postgres" spawn /bin/true "$M"; }
step_postgres-spawns-postgres() { "$BIN/postgres" spawn "$BIN/postgres" open /dev/null r "$M"; }
step_setns-host() { "$BIN/act" setns /proc/self/ns/net "$M"; }
step_nsenter-host() { nsenter --net=/proc/self/ns/net /bin/true "$M"; }
step_unshare-ct() { ct "$PLAIN" /trg/act unshare-user "$M" 2>/dev/null; }
step_unshare-priv() { ct "$PRIV" /trg/act unshare-user "$M"; }
# container starts: the marker is the container's name
step_start-privileged() { podman run -d --privileged --name "$M" localhost/busybox sleep 300 >/dev/null; }
step_start-cap-ptrace() { podman run -d --cap-add SYS_PTRACE --name "$M" localhost/busybox sleep 300 >/dev/null; }
step_start-plain() { podman run -d --name "$M" localhost/busybox sleep 300 >/dev/null; }
step_bash-dev-tcp() { bash -c "exec 3<>/dev/tcp/$HOSTIP/8089; : $M"; }
step_bash-dev-tcp-lo() { bash -c "exec 3<>/dev/tcp/127.0.0.1/8089; : $M"; }
step_wget-http-proxy() { HTTP_PROXY=http://127.0.0.1:9 "$BIN/wget" -q -T 1 -O /dev/null "http://127.0.0.1:9/$M" 2>/dev/null; }
step_wget-host() { "$BIN/wget" -q -T 1 -O /dev/null "http://127.0.0.1:9/$M" 2>/dev/null; }
step_udp-5555() { "$BIN/act" connect udp "$HOSTIP" 5555 "$M"; }
step_udp-53() { "$BIN/act" connect udp "$HOSTIP" 53 "$M"; }
# uid 1 (daemon) asks for root: refused (EPERM), the attempt is the event
step_setuid-as-daemon() { "$BIN/act" as-user 1 "$BIN/act" setuid 0 "$M" 2>/dev/null; }
step_setuid-as-root() { "$BIN/act" setuid 0 "$M"; }
step_pwck-readonly() { pwck -r "$W/pw/$M.passwd" "$W/pw/$M.shadow" >/dev/null 2>&1; }
step_passwd-status() { passwd -S root "$M" >/dev/null 2>&1; }
step_dev-create() { "$BIN/act" open "/dev/$M" wc; }
step_devshm-create() { "$BIN/act" open "/dev/shm/$M" wc; }
step_metadata-ct() { ct "$PLAIN" /trg/act connect tcp 169.254.169.254 80 nb "$M"; }
step_metadata-other-ip() { ct "$PLAIN" /trg/act connect tcp 169.254.169.253 80 nb "$M"; }
step_dpkg-ct() { ct "$PLAIN" dpkg -l "$M" >/dev/null 2>&1; }
step_dpkg-deb-ct() { ct "$PLAIN" dpkg-deb -c "$M" >/dev/null 2>&1; }
step_nc-host() { "$BIN/nc" -w 1 127.0.0.1 9 "$M" >/dev/null 2>&1; }
step_history-rm() { rm -f "$W/hist/$M/.bash_history"; }
step_history-mv() { mv "$W/hist/$M/.bash_history" "$W/hist/$M/old"; }
step_profile-rm() { rm -f "$W/hist/$M/.bash_profile"; }
step_chmod-setuid() { chmod u+s "$W/$M"; }
step_chmod-755() { chmod 755 "$W/$M"; }
step_scp-ct() { ct "$PLAIN" /trg/scp "$M" 2>/dev/null; }
step_scp-host() { "$BIN/scp" "$M" 2>/dev/null; }
ctr_exec() { $CTR task exec --exec-id "trg$RANDOM" "$KID" "$@"; }
step_connect-out-k8s() { ctr_exec /trg/act connect tcp "$HOSTIP" 8089 "$M"; }
step_connect-lo-k8s() { ctr_exec /trg/act connect tcp 127.0.0.1 8089 "$M"; }
step_mount-priv() { ct "$PRIV" mount -t tmpfs "$M" /tmp; }
# Falco's mount_info exception needs the arguments to be exactly "", -V, -l or -h: no marker
# fits, so the test matches this step's alert by its command line and container instead
step_mount-list-priv() { ct "$PRIV" mount -l >/dev/null; }
step_wget-ct() { ct "$PLAIN" wget -q -T 1 -O /dev/null "http://127.0.0.1:9/$M" 2>/dev/null; }
step_environ-ct() { ct "$PLAIN" cat /proc/1/environ "$M" >/dev/null 2>&1; }
step_cmdline-ct() { ct "$PLAIN" cat /proc/1/cmdline "$M" >/dev/null 2>&1; }
step_tar-ct() { ct "$PLAIN" tar cf /dev/null "/root/$M"; }
step_tar-under-sh-ct() { ct "$PLAIN" sh -c "tar cf /dev/null /root/$M"; }
step_authkeys-write() { "$BIN/act" open "/home/$M/.ssh/authorized_keys" wc; }
step_authkeys-nossh-write() { "$BIN/act" open "/home/$M/ssh/authorized_keys" wc; }
step_glibc-tunables() { GLIBC_TUNABLES=glibc.malloc.check=0 /bin/true "$M"; }
step_other-env() { LANNER_TUNABLES=glibc.malloc.check=0 /bin/true "$M"; }
step_sshd-liblzma() { "$BIN/sshd" open "$W/lib/$M/liblzma.so.5.6.1" r; }
step_sshd-liblzma-ok() { "$BIN/sshd" open "$W/lib/$M/liblzma.so.5.4.1" r; }
step_bpf-prog() { "$BIN/act" bpf-prog "$M"; }
step_bpf-map() { "$BIN/act" bpf-map "$M"; }
