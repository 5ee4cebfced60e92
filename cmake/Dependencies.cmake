# Every dependency comes from a Debian 12 package (scripts/install-deps installs them).
find_package(Boost 1.74 REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Protobuf REQUIRED)

# Debian's RapidJSON config sets only RAPIDJSON_INCLUDE_DIRS, no target.
find_package(RapidJSON REQUIRED)
add_library(corridor_rapidjson INTERFACE IMPORTED)
target_include_directories(corridor_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
target_compile_definitions(corridor_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
# RapidJSON 1.1's member iterators declare == and != in a way C++20's reversed operators make
# ambiguous for clang (fixed upstream after 1.1); every iterator comparison would warn.
target_compile_options(corridor_rapidjson INTERFACE
  $<$<CXX_COMPILER_ID:Clang>:-Wno-ambiguous-reversed-operator>)

# libphonenumber ships neither a CMake config nor a pkg-config file.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
add_library(corridor_phonenumber UNKNOWN IMPORTED)
set_target_properties(corridor_phonenumber PROPERTIES
  IMPORTED_LOCATION ${PHONENUMBER_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(corridor_phonenumber INTERFACE protobuf::libprotobuf ICU::uc ICU::i18n)

# Graphviz (link charts) ships pkg-config files only; libgvc brings cgraph and cdt.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GVC REQUIRED IMPORTED_TARGET libgvc)

# RE2 (pkg-config only): libphonenumber's validity patterns, matched without its locked cache
# (algorithms/resolve/phone_validity.h says why).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# jemalloc for the corridor binary (cli/allocator.cc says why). The sanitizer build keeps
# glibc's malloc: AddressSanitizer must own malloc to check it.
if(NOT CORRIDOR_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()

if(CORRIDOR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CORRIDOR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
