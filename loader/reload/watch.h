/* watch.h — notices that the rules (files, directories, or a bundle) changed on disk, with
 * inotify, for the reload Falco does when a watched rules file changes.
 *
 * The parent directory of each file is watched (editors and config management replace files
 * by rename; a watch on the file itself would be lost), and a directory given as a rules path
 * is watched for its .yaml and .yml entries. Non-blocking: watch_changed() is called from the
 * event loop. */
#ifndef LANNER_RELOAD_WATCH_H
#define LANNER_RELOAD_WATCH_H

#include <stdbool.h>
#include <stddef.h>

struct rules_watch;

/* NULL (with a warning on stderr) when inotify is not available: reload then only on SIGHUP. */
struct rules_watch *watch_open(char *const *paths, size_t n);
/* Drains pending notifications; true when one concerned a watched path. */
bool watch_changed(struct rules_watch *w);
void watch_close(struct rules_watch *w);

#endif
