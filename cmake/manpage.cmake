# Writes logrx.1 with help2man from the built program's own --help texts, so the man page
# says what --help says: help2man turns `logrx --help` into NAME/SYNOPSIS/DESCRIPTION/OPTIONS,
# and this script adds a COMMANDS section with the --help of every subcommand (and of their
# subcommands), plus packaging/logrx.h2m (FILES, SEE ALSO; @DATADIR@/@DOCDIR@ filled in).
# cmake -DLOGRX=<program> -DHELP2MAN=<help2man> -DINCLUDE=<.h2m> -DOUT=<logrx.1>
#       -DDATADIR=<dir> -DDOCDIR=<dir> -P manpage.cmake
cmake_policy(VERSION 3.25)  # "@DATADIR@" below is literal text (CMP0053)
set(work ${OUT}.work)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work}/bin)
# Run the program as plain `logrx` (PATH lookup), so its usage lines say "logrx", not the
# build folder's path.
file(CREATE_LINK ${LOGRX} ${work}/bin/logrx SYMBOLIC)
set(ENV{PATH} "${work}/bin:$ENV{PATH}")

# The subcommand names listed under "Subcommands:" in a CLI11 help text.
function(subcommands_of text out)
  set(names)
  string(REGEX MATCH "\nSubcommands:\n(  [^\n]*\n)+" block "${text}")
  string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*  " lines "${block}")
  foreach(l ${lines})
    string(STRIP "${l}" name)
    list(APPEND names ${name})
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

function(help_of cmd out)
  execute_process(COMMAND logrx ${cmd} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "logrx ${cmd} --help exited ${rc}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# One .SS per command, its help verbatim (roff-escaped: backslashes, leading dots/quotes).
set(commands "[COMMANDS]\nEach command's own \\fB\\-\\-help\\fR:\n")
help_of("" top)
subcommands_of("${top}" level1)
foreach(c ${level1})
  set(paths ${c})
  help_of("${c}" text)
  subcommands_of("${text}" level2)
  foreach(s ${level2})
    list(APPEND paths "${c}|${s}")
  endforeach()
  foreach(p IN LISTS paths)
    string(REPLACE "|" ";" p "${p}")
    help_of("${p}" text)
    string(REPLACE ";" " " title "${p}")
    string(REPLACE "\\" "\\e" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    string(APPEND commands ".SS \"logrx ${title}\"\n.nf\n${text}.fi\n")
  endforeach()
endforeach()

file(READ ${INCLUDE} fixed)
string(REPLACE "@DATADIR@" "${DATADIR}" fixed "${fixed}")
string(REPLACE "@DOCDIR@" "${DOCDIR}" fixed "${fixed}")
file(WRITE ${work}/logrx.h2m "${commands}\n${fixed}")
execute_process(COMMAND ${HELP2MAN} --no-info --section=1
                        "--name=Windows event log analyzer and remediation advisor"
                        --include=${work}/logrx.h2m --output=${OUT}.tmp logrx
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man exited ${rc}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work}/bin)
