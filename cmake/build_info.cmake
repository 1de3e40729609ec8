# Writes OUT from IN with the commit the build is made from (`git describe --always --dirty`),
# rewriting it only when the text changes, so an unchanged commit recompiles nothing.
# Run at every build by sim/runtime's syncsim_build_info target.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE SYNCSIM_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR SYNCSIM_COMMIT STREQUAL "")
  set(SYNCSIM_COMMIT "unknown")  # a source tree without git (an exported tarball)
endif()
configure_file("${IN}" "${OUT}" @ONLY)
