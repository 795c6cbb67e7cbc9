# Installing logrx like a tool (included from CMakeLists.txt after the logrx target).
#   <prefix>/bin/logrx
#   <prefix>/share/logrx/{rules,kb}                     rules, KB and kb/messages
#   <prefix>/share/man/man1/logrx.1                     from --help (help2man, cmake/manpage.cmake)
#   <prefix>/share/bash-completion/completions/logrx    packaging/logrx.bash-completion
#   <prefix>/share/doc/logrx/                           README.md, CHANGELOG.md, docs/
# `cmake --install build [--prefix DIR] [--strip]`; `cpack -G DEB` in the build folder makes
# logrx_<version>_<arch>.deb (prefix /usr; configure with -DCMAKE_INSTALL_PREFIX=/usr so the
# compiled-in data folder below is /usr/share/logrx too).

# Where the program looks for rules/ and kb/ (order in analyzer/cli/data_dir.h): the install's
# share/logrx relative to its bin/ (a moved or unpacked prefix still works), and the absolute
# folder as a fallback for a copied binary. Only data_dir.cc sees them (it stops with #error
# if this path goes stale when files move).
set(LOGRX_DATA_DEST ${CMAKE_INSTALL_DATADIR}/logrx)
file(RELATIVE_PATH logrx_bin_to_data ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR}/logrx)
set_property(SOURCE ${CMAKE_SOURCE_DIR}/analyzer/cli/data_dir.cc APPEND PROPERTY COMPILE_DEFINITIONS
             LOGRX_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/logrx" LOGRX_BIN_TO_DATA="${logrx_bin_to_data}")
# A build folder (in or out of the source tree) names the source tree beside the program, so
# build/logrx reads the source tree's rules/ and kb/. Not installed, and no build path is
# compiled into the binary.
file(GENERATE OUTPUT $<TARGET_FILE_DIR:logrx>/logrx-source-dir CONTENT "${CMAKE_SOURCE_DIR}\n")

install(TARGETS logrx RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/rules ${CMAKE_SOURCE_DIR}/kb DESTINATION ${LOGRX_DATA_DEST})
install(FILES ${CMAKE_SOURCE_DIR}/packaging/logrx.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME logrx)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# The man page runs the freshly built logrx (--help of every command), so not in the
# sanitizer/fuzz build and not when cross-compiling. scripts/setup installs help2man.
find_program(HELP2MAN help2man)
if(NOT LOGRX_SANITIZE AND NOT LOGRX_FUZZ AND NOT CMAKE_CROSSCOMPILING)
  if(HELP2MAN)
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/logrx.1
      COMMAND ${CMAKE_COMMAND} -DLOGRX=$<TARGET_FILE:logrx> -DHELP2MAN=${HELP2MAN}
              -DINCLUDE=${CMAKE_SOURCE_DIR}/packaging/logrx.h2m -DOUT=${CMAKE_BINARY_DIR}/logrx.1
              -DDATADIR=${CMAKE_INSTALL_FULL_DATADIR}/logrx -DDOCDIR=${CMAKE_INSTALL_FULL_DOCDIR}
              -P ${CMAKE_CURRENT_LIST_DIR}/manpage.cmake
      DEPENDS logrx ${CMAKE_CURRENT_LIST_DIR}/manpage.cmake ${CMAKE_SOURCE_DIR}/packaging/logrx.h2m
      COMMENT "Generating logrx.1 from logrx --help" VERBATIM)
    add_custom_target(logrx_man ALL DEPENDS ${CMAKE_BINARY_DIR}/logrx.1)
    install(FILES ${CMAKE_BINARY_DIR}/logrx.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  else()
    message(WARNING "help2man not found: no man page is built or installed (scripts/setup installs it)")
  endif()
endif()

# Debian package. Depends come from dpkg-shlibdeps (dpkg-dev) on the installed binary, so
# they name exactly the runtime libraries it links (libre2-9, libpugixml1v5, libfmt9, zlib1g,
# libstdc++6, libc6, ...); scripts/test checks them (tests/install/deb_package.sh).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME logrx)
set(CPACK_PACKAGE_CONTACT "logrx maintainers <logrx@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Windows event log analyzer and remediation advisor")
set(CPACK_PACKAGE_DESCRIPTION "Reads Windows event logs (EVTX, EVT, XML and text exports), matches known problem
signatures, explains them from a knowledge base, checks host facts and says what to install.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # logrx_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS bash-completion)
include(CPack)
