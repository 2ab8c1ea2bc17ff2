#pragma once

#include "store_conformance.hpp"

namespace lingting::conformance {

backend sqlite_backend();

}  // namespace lingting::conformance
