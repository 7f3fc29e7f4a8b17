#pragma once
// What every pipeline command (generate, judge, build-dataset) does before its first request:
// load and check the config, apply --fake, pick the run directory.

#include <string>

#include "pogen/pipeline/run_config.hpp"

namespace pogen::cli {

// Loads the run config; with `fake`, every endpoint becomes the built-in fake.
pipeline::RunConfig load_stage_config(const std::string& path, bool fake);

// The run directory: --out when given, else runs/<config file stem>. Created if missing;
// FatalError when it cannot be.
std::string prepare_run_dir(const std::string& out_flag, const std::string& config_path);

// An InputError for a config that lacks a section a command needs:
// `<config>: <section>: missing (pogen <command> needs it)`.
[[noreturn]] void missing_section(const std::string& config_path, const std::string& section,
                                  const std::string& command);

}  // namespace pogen::cli
