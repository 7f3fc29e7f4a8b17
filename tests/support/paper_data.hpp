#pragma once
// The optional reference data of ../shared/data (its README): tests tagged [paper-data] find it
// here, and exit 77 (ctest's skip code, with a message) when the folder is absent.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

namespace pogen::testing {

// The six judges whose PandaLM outputs and kappas the paper published, in its table's order.
inline const char* const kPaperJudges[] = {"gpt-4o",
                                           "gpt-4o-mini",
                                           "Meta-Llama-3.1-8B-Instruct-Turbo",
                                           "Meta-Llama-3.1-70B-Instruct-Turbo",
                                           "gemma-2-9b-it",
                                           "gemma-2-27b-it"};

inline std::filesystem::path paper_data_dir() {
  const std::filesystem::path dir = POGEN_SHARED_DATA_DIR;
  if (!std::filesystem::is_directory(dir)) {
    std::cerr << "skipped: " << dir.string() << " not found (the reference data is optional)\n";
    std::exit(77);
  }
  return dir;
}

inline nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) FAIL("cannot open " << path.string());
  return nlohmann::json::parse(in);
}

}  // namespace pogen::testing
