// Must not compile: engine may not see algorithms (tests/CMakeLists.txt).
#include "algorithms/union_find.h"
