#pragma once
// The fields pogen agreement reads from every record besides the verdict, under the names a
// data set gives them: --field id=idx renames "id" to "idx" in every file.

#include <string>
#include <string_view>

namespace pogen::eval {

struct FieldNames {
  std::string id = "id";                  // items are matched by it
  std::string subset = "subset";          // statistics per subset
  std::string response_a = "response_a";  // the answers, for the longer-answer bias
  std::string response_b = "response_b";

  // Applies "name=field" entries, comma-separated. Throws InputError naming `flag` for an
  // unknown name (with a "did you mean") or an entry without "=".
  void rename(std::string_view entries, std::string_view flag);
};

}  // namespace pogen::eval
