# pretext_add_plugin(NAME source...)
#
# Builds a pretext plugin: a module library with hidden symbols, linked to
# the framework, placed where the runner looks for plugins. Works inside
# this repository and, through find_package(pretext), outside it.
function(pretext_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  if(TARGET pretext::pretext)
    target_link_libraries(${name} PRIVATE pretext::pretext)
  else()
    target_link_libraries(${name} PRIVATE pretext)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "pretext_${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    INSTALL_RPATH "$ORIGIN/../..")
  if(PRETEXT_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${PRETEXT_PLUGIN_OUTPUT_DIR})
  endif()
  # Inside this repository, reuse the framework's precompiled header.
  if(COMMAND pretext_use_pch)
    pretext_use_pch(${name})
  endif()
  set_property(GLOBAL APPEND PROPERTY PRETEXT_PLUGIN_TARGETS ${name})
  if(PRETEXT_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${PRETEXT_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
