#include "core/json_output.hpp"

#include "core/atomic_file.hpp"

namespace pogen::io {

std::string jsonl_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json_document(const std::string& path, const nlohmann::json& value) {
  AtomicFile file(path);
  file.write_line(value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  file.commit();
}

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace pogen::io
