#!/usr/bin/env python3
"""measure.py LABEL CMD...: run CMD once (stdout discarded) and print
"LABEL wall_seconds peak_rss_kib exit_status cpu_seconds" on one line
(cpu = user + system time of the child: on a shared machine it is steadier
than the wall).

Peak RSS is the child's own maximum resident set (getrusage of the waited
child), so a pipeline's reference command is measured the same way as
flowmap."""
import os, resource, subprocess, sys, time

label, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.monotonic() - t0
print("%s %.3f %d %d %.3f" % (label, wall, ru.ru_maxrss,
    os.waitstatus_to_exitcode(status), ru.ru_utime + ru.ru_stime))
