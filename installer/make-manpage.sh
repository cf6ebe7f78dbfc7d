#!/bin/sh
# Writes trialdesk-server.8.gz from the binary's own --help, so the manual page
# documents exactly the options the server has.
# Usage: make-manpage.sh BINARY VERSION OUTPUT.gz
set -eu
binary=$1
version=$2
output=$3
# HOME=~ so the default data dir reads ~/... and not the build machine's home.
help=$(HOME='~' XDG_DATA_HOME='' "$binary" --help | sed "s|^Usage: [^ ]*|Usage: trialdesk-server|")
{
  printf '.TH TRIALDESK-SERVER 8 "" "trialdesk-server %s" "System Administration"\n' "$version"
  printf '.SH NAME\ntrialdesk-server \\- TrialDesk clinical study server\n'
  printf '.SH SYNOPSIS\n.B trialdesk-server\n[\\fIoptions\\fR] [\\fIcommand\\fR ...]\n'
  printf '.SH DESCRIPTION\n'
  printf 'Serves clinical studies, subjects, questionnaires and vital signs over HTTP(S).\n'
  printf 'Every option can also be set in the configuration file as\n.IR "key = value" ,\n'
  printf 'the key being the long option name; the command line overrides the file.\n'
  printf 'The packaged service runs it as user trialdesk with\n.BR "\\-\\-config /etc/trialdesk/server.conf" .\n'
  printf '.SH OPTIONS AND COMMANDS\n.nf\n'
  printf '%s\n' "$help" | sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' -e 's/-/\\-/g'
  printf '.fi\n'
  printf '.SH FILES\n.TP\n.I /etc/trialdesk/server.conf\nconfiguration of the service\n'
  printf '.TP\n.I /var/lib/trialdesk\ndatabase (trialdesk.sqlite3) and backups\n'
  printf '.SH SEE ALSO\n.BR systemctl (1),\n.BR journalctl (1),\n/usr/share/doc/trialdesk\\-server/README.md\n'
} | gzip -9n >"$output"
