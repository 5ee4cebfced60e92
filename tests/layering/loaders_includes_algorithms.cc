// Must not compile: loaders may not see algorithms (tests/CMakeLists.txt).
#include "algorithms/union_find.h"
