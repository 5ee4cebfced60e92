#include "engine/mapped_memory.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace corridor {
namespace {

// The VmFlags line of the mapping that holds `address`, from /proc/self/smaps.
std::string VmFlagsOf(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

bool HasFlag(const std::string& vm_flags, const std::string& flag) {
  return (vm_flags + " ").find(" " + flag + " ") != std::string::npos;
}

TEST(MappedMemory, EitherPageSizeGivesAlignedWritableMemory) {
  for (const Pages pages : {Pages::kSmall, Pages::kHuge}) {
    for (const std::size_t bytes : {std::size_t{1}, std::size_t{100}, kHugePageBytes - 1,
                                    kHugePageBytes, 3 * kHugePageBytes + 5}) {
      auto* memory = static_cast<unsigned char*>(AllocateMapped(bytes, pages));
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(memory) % 64, 0u) << bytes;
      memory[0] = 1;
      memory[bytes - 1] = 2;
      EXPECT_EQ(memory[0] + memory[bytes - 1], bytes == 1 ? 4 : 3);
      FreeMapped(memory, bytes);
    }
  }
}

// The point of the two page sizes: a loader's columns must not be put on huge pages even where
// the kernel's THP mode is "always", and the string table (a ZeroedArray) must ask for them.
TEST(MappedMemory, LargeMappingsCarryTheirPageSizeAdvice) {
  const std::size_t bytes = 4 * kHugePageBytes;
  // Where the kernel (or an emulator's /proc) shows no advice on a mapping advised by hand,
  // there is nothing to read.
  void* control = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(control, MAP_FAILED);
  const bool advice_shown =
      madvise(control, bytes, MADV_HUGEPAGE) == 0 && HasFlag(VmFlagsOf(control), "hg");
  munmap(control, bytes);
  if (!advice_shown) GTEST_SKIP() << "no transparent huge page advice shown in /proc/self/smaps";
  void* small = AllocateMapped(bytes, Pages::kSmall);
  void* huge = AllocateMapped(bytes, Pages::kHuge);
  const std::string small_flags = VmFlagsOf(small), huge_flags = VmFlagsOf(huge);
  EXPECT_TRUE(HasFlag(small_flags, "nh")) << small_flags;
  EXPECT_FALSE(HasFlag(small_flags, "hg")) << small_flags;
  EXPECT_TRUE(HasFlag(huge_flags, "hg")) << huge_flags;
  EXPECT_FALSE(HasFlag(huge_flags, "nh")) << huge_flags;
  const ZeroedArray<std::uint64_t> table(bytes / sizeof(std::uint64_t));
  EXPECT_TRUE(HasFlag(VmFlagsOf(table.begin()), "hg")) << VmFlagsOf(table.begin());
  FreeMapped(small, bytes);
  FreeMapped(huge, bytes);
}

TEST(MappedMemory, ZeroedArrayStartsZeroAtEverySize) {
  // A slot-sized element, as the string table's; the smallest sizes come from aligned_alloc.
  struct Slot {
    std::uint64_t words[4];
  };
  for (const std::size_t size : {std::size_t{1}, std::size_t{64}, kHugePageBytes / sizeof(Slot),
                                 3 * kHugePageBytes / sizeof(Slot) + 1}) {
    // Dirty the heap first, so that memory handed back and reused would show.
    std::vector<unsigned char> dirt(size * sizeof(Slot), 0xAB);
    dirt.clear();
    dirt.shrink_to_fit();
    ZeroedArray<Slot> array(size);
    ASSERT_EQ(array.size(), size);
    std::size_t nonzero = 0;
    for (const Slot& slot : array) {
      for (const std::uint64_t word : slot.words) nonzero += word != 0;
    }
    EXPECT_EQ(nonzero, 0u) << size;
  }
}

TEST(MappedMemory, NoInitColumnKeepsItsValuesAcrossGrowth) {
  std::vector<std::uint32_t, NoInitMappedAllocator<std::uint32_t, Pages::kSmall>> column;
  for (std::uint32_t i = 0; i < 3'000'000; ++i) column.push_back(i * 7);
  column.resize(column.size() + 10);  // unconstructed: written before being read
  for (std::size_t i = 3'000'000; i < column.size(); ++i) column[i] = 1;
  std::size_t wrong = 0;
  for (std::uint32_t i = 0; i < 3'000'000; ++i) wrong += column[i] != i * 7;
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(column.back(), 1u);
}

}  // namespace
}  // namespace corridor
