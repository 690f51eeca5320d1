/* chdir(path): A = path as given; B = the new cwd on success (exit sees it already changed). */
LNR_EXIT_PROG(chdir)
{
	LNR_BEGIN(chdir);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[0]);
	if (ret == 0) {
		struct task_struct *t = e.task;
		struct fs_struct *fs = BPF_CORE_READ(t, fs);
		lnr_slot_path(&e, LNR_SLOT_B, &fs->pwd);
	}
	LNR_END(chdir);
}
