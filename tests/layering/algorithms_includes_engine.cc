// Control for the layering checks: algorithms may see engine, so this must compile.
#include "algorithms/union_find.h"
#include "engine/csr_graph.h"

int LayeringControl() { return static_cast<int>(corridor::CsrGraph().num_nodes()); }
