/* embedded_bpf.c — the sensor object (build/bpf/sensor.bpf.o) linked into the binary, so the
 * loader needs neither clang nor the build tree at run time. The Makefile passes its path. */
#ifndef LNR_SENSOR_OBJ
#define LNR_SENSOR_OBJ "build/bpf/sensor.bpf.o"
#endif

__asm__(".section .rodata\n"
	".balign 8\n"
	".global lnr_sensor_obj\n"
	"lnr_sensor_obj:\n"
	".incbin \"" LNR_SENSOR_OBJ "\"\n"
	".global lnr_sensor_obj_end\n"
	"lnr_sensor_obj_end:\n"
	".byte 0\n"
	".previous\n");
