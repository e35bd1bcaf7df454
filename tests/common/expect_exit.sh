#!/bin/sh
# expect_exit.sh CODE REGEX PROGRAM [ARG]...: runs PROGRAM, prints its output,
# and passes only when it exits with CODE and its output (stdout and stderr,
# newlines folded to spaces) matches the extended REGEX. ctest's
# PASS_REGULAR_EXPRESSION alone ignores the exit code; this checks both.
# Exit 77 from PROGRAM (a skip) is passed through.
set -u
code="$1"; regex="$2"; shift 2
out="$("$@" 2>&1)"
rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 77 ] && exit 77
if [ "$rc" -ne "$code" ]; then
  echo "expect_exit: exit code $rc, expected $code" >&2
  exit 1
fi
if ! printf '%s' "$out" | tr '\n' ' ' | grep -Eq -- "$regex"; then
  echo "expect_exit: output does not match: $regex" >&2
  exit 1
fi
