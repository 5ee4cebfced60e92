// Must not compile: engine may not see loaders (tests/CMakeLists.txt).
#include "loaders/csv_reader.h"
