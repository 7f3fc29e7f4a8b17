#include "core/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/diagnostics.hpp"

namespace pogen::io {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw FatalError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(path_ + ".tmp") {
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (!file_) fail("cannot create", temp_path_);
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size())
    fail("cannot write", temp_path_);
}

void AtomicFile::write_line(std::string_view line) {
  write(line);
  write("\n");
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail("cannot write", temp_path_);
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    fail("cannot write", temp_path_);
  }
  file_ = nullptr;
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("cannot rename into place", path_);
}

}  // namespace pogen::io
