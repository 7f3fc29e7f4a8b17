#include "cli/main.hpp"

int main(int argc, char** argv) { return pogen::cli::run_main(argc, argv); }
