#pragma once
// One function per top-level section of the config file. load_config runs them in table order
// over the document's top-level mapping; adding a section is one function here and one table
// line in config.cpp.

#include "config/config.hpp"
#include "config/reader.hpp"

namespace pogen::io {

void read_endpoints_section(MapReader& root, Config& config);
void read_client_section(MapReader& root, Config& config);

}  // namespace pogen::io
