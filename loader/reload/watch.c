/* watch.c — see watch.h. */
#include "reload/watch.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"

struct watched {
	int wd;
	char *name; /* file name in the watched directory; NULL = any .yaml or .yml file in it */
};

struct rules_watch {
	int fd;
	struct watched *v;
	size_t n;
};

static bool yaml_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 5 && !strcmp(n + l - 5, ".yaml")) || (l > 4 && !strcmp(n + l - 4, ".yml"));
}

static int add(struct rules_watch *w, const char *dir, const char *name)
{
	int wd = inotify_add_watch(
		w->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB);
	if (wd < 0) {
		fprintf(stderr, "lanner: warning: cannot watch %s for changes: %s\n", dir,
			strerror(errno));
		return -1;
	}
	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	w->v[w->n].wd = wd;
	w->v[w->n].name = name ? xstrdup(name) : NULL;
	w->n++;
	return 0;
}

struct rules_watch *watch_open(char *const *paths, size_t n)
{
	struct rules_watch *w = xcalloc(1, sizeof(*w));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		fprintf(stderr, "lanner: warning: no inotify (%s): rules reload only on SIGHUP\n",
			strerror(errno));
		free(w);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (!stat(paths[i], &st) && S_ISDIR(st.st_mode)) {
			add(w, paths[i], NULL);
			continue;
		}
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", paths[i]);
		char *slash = strrchr(dir, '/');
		const char *base = slash ? slash + 1 : paths[i];
		if (slash == dir)
			dir[1] = 0;
		else if (slash)
			*slash = 0;
		else
			snprintf(dir, sizeof(dir), ".");
		add(w, dir, base);
	}
	return w;
}

static bool concerns(const struct rules_watch *w, const struct inotify_event *ev)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].wd != ev->wd || !ev->len)
			continue;
		if (w->v[i].name ? !strcmp(w->v[i].name, ev->name) : yaml_name(ev->name))
			return true;
	}
	return false;
}

bool watch_changed(struct rules_watch *w)
{
	if (!w)
		return false;
	bool changed = false;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			/* IN_CLOSE_WRITE etc. on a file we read: IN_ATTRIB alone (touch) counts too
			 */
			changed |= concerns(w, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
	return changed;
}

void watch_close(struct rules_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].name);
	free(w->v);
	free(w);
}
