# syncsim_include_rule(<name> <directory> MAY_INCLUDE <prefix>...)
#
# A room's dependency rule, enforced when the build is configured (as core/CMakeLists.txt does
# for core): every include of a repository header in <directory>/*.hpp|*.cpp must be
# repository-rooted and start with one of the prefixes, or configuration fails. Each file is a
# configure dependency, so an edit is checked again by the next build.
function(syncsim_include_rule name dir)
  cmake_parse_arguments(arg "" "" "MAY_INCLUDE" ${ARGN})
  list(JOIN arg_MAY_INCLUDE "|" allowed)
  list(JOIN arg_MAY_INCLUDE ", " shown)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.hpp ${dir}/*.cpp)
  foreach(f IN LISTS files)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
    # Quoted includes are ours (system headers use <>); <core/...> and the like are ours too.
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*(\"|<(core|sim|reports|cli|tests|bench)/)")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]*)[\">].*$" "\\1" path "${line}")
      if(NOT path MATCHES "^(${allowed})" OR path MATCHES "\\.\\.")
        message(FATAL_ERROR "${name} may include only ${shown} (repository-rooted paths): ${f}: ${line}")
      endif()
    endforeach()
  endforeach()
endfunction()
