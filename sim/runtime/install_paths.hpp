#pragma once
// Where the data of an installed syncsim lives. `cmake --install` puts the binary in
// <prefix>/bin and its data (the scenario library, the chart libraries, the extension bundles)
// in <prefix>/share/syncsim; a binary run from the build tree uses the source tree's copies.
#include <string>
#include <string_view>

namespace syncsim::sim {

// <dir of the running binary>/../share/syncsim/<what> when that directory exists (an installed
// binary), else `buildTree`.
std::string data_path(std::string_view what, const std::string& buildTree);

}  // namespace syncsim::sim
