// Must not compile: algorithms may not see loaders (tests/CMakeLists.txt).
#include "loaders/csv_reader.h"
