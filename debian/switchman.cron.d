# /etc/cron.d/switchman: installed by the switchman package.
#
# Every minute, as root, "switchman heartbeat" writes this box's heartbeat to ZooKeeper
# (the packages and jobs manifests installed here, from /usr/share/cronpack/jobs). A fresh
# heartbeat proves to "switchman check", run anywhere in the fleet, that cron is alive on
# this box, that switchman is configured here and that ZooKeeper is reachable from it.
#
# --quiet: nothing on stdout or stderr, so cron mails nothing; switchman logs a failed
# heartbeat itself (its "logfile", or syslog). While /etc/switchman.conf says
# "configured": false it does nothing. The test keeps the line silent once the package is
# removed but not purged (this file is a conffile and stays).
SHELL=/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin

* * * * * root if [ -x /usr/bin/switchman ]; then /usr/bin/switchman heartbeat --quiet; fi
