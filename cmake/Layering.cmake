# Dependencies point one way: cli -> algorithms, loaders -> engine. Includes are written from
# the repository root ("engine/record.h"), so adding the root to the include path would let any
# target see every folder. Instead each layer gets its own include root in the build tree that
# holds a single symlink to its folder; a target sees a folder only by linking its library, and
# an include across the layers fails to compile.
set(CORRIDOR_LAYER_ROOT ${CMAKE_BINARY_DIR}/layers)

function(corridor_layer_include_root layer out_var)
  set(root ${CORRIDOR_LAYER_ROOT}/${layer})
  file(MAKE_DIRECTORY ${root})
  if(NOT EXISTS ${root}/${layer})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${layer} ${root}/${layer} SYMBOLIC)
  endif()
  set(${out_var} ${root} PARENT_SCOPE)
endfunction()
