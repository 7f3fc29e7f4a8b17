# Writes a C++ source holding every prompts/*.md as a string, so the built-in templates work from
# any directory. Run at build time (cmake -P) whenever a template changes.
#   -DPROMPTS_DIR=... -DOUTPUT=...
file(GLOB templates "${PROMPTS_DIR}/*.md" "${PROMPTS_DIR}/*/*.md")
list(SORT templates)
set(body "// Generated from prompts/ by cmake/embed_prompts.cmake; do not edit.\n")
string(APPEND body "#include \"templates/builtin.hpp\"\n\n")
string(APPEND body "namespace pogen::pipeline {\n\nconst std::vector<BuiltinPrompt>& builtin_prompts() {\n")
string(APPEND body "  static const std::vector<BuiltinPrompt> prompts = {\n")
foreach(path IN LISTS templates)
  file(RELATIVE_PATH name "${PROMPTS_DIR}" "${path}")
  file(READ "${path}" text)
  string(APPEND body "      {\"${name}\", R\"pogen_template(${text})pogen_template\"},\n")
endforeach()
string(APPEND body "  };\n  return prompts;\n}\n\n}  // namespace pogen::pipeline\n")
file(WRITE "${OUTPUT}.new" "${body}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
