#pragma once
// Frees what a value holds, now. `vector = {}` does not: it picks the initializer-list
// assignment, which empties the vector and keeps its capacity (the memory stays mapped until
// the vector is destroyed), and the same holds for the other standard containers.

namespace corridor {

template <typename T>
void Release(T& value) {
  value = T();
}

}  // namespace corridor
