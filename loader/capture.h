/* capture.h — `lanner capture`: every event of the selected types, one line each (or one JSON
 * object per line), with every field Lanner knows for it, named as in Falco. */
#ifndef LANNER_CAPTURE_H
#define LANNER_CAPTURE_H

/* argv[0] is "capture". Returns the process exit status. */
int capture_main(int argc, char **argv);

#endif
