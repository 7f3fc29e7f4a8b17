#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>

#include "core/diagnostics.hpp"

namespace pogen::io {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw FatalError(what + " " + path + ": " + std::strerror(error));
}

// Best effort: a directory that cannot be opened or synced leaves the renames done, only less
// durable against a power cut.
void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

std::string prev_path(const AtomicFile& file) { return file.path() + ".prev"; }

// Keeps the current version of `file` as <name>.prev; false when there is none. A hard link when
// the filesystem has them, a copy otherwise. Throws FatalError when a previous version exists but
// cannot be kept, before anything is replaced.
bool keep_previous(const AtomicFile& file) {
  std::error_code ignored;
  fs::remove(prev_path(file), ignored);  // left by a crash in an earlier commit
  if (::link(file.path().c_str(), prev_path(file).c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  if (!fs::is_regular_file(file.path(), ignored)) return false;  // a directory: rename will fail
  std::error_code error;
  fs::copy_file(file.path(), prev_path(file), error);
  if (error) throw FatalError("cannot keep the previous " + file.path() + ": " + error.message());
  return true;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(path_ + ".tmp") {
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (!file_) fail("cannot create", temp_path_, errno);
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (file_ || finished_) std::remove(temp_path_.c_str());
}

void AtomicFile::write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    fail("cannot write", temp_path_, errno);
  }
}

void AtomicFile::write_line(std::string_view line) {
  write(line);
  write("\n");
}

void AtomicFile::finish() {
  int error = 0;
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) error = errno;
  // A buffered write that failed earlier leaves the error flag set even when later calls work.
  if (error == 0 && std::ferror(file_)) error = EIO;
  if (std::fclose(file_) != 0 && error == 0) error = errno;
  file_ = nullptr;
  if (error != 0) {
    std::remove(temp_path_.c_str());
    fail("cannot write", temp_path_, error);
  }
  finished_ = true;
}

void AtomicFile::publish() {
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    fail("cannot rename into place", path_, errno);
  }
  finished_ = false;
}

void AtomicFile::commit() {
  finish();
  publish();
}

namespace {
// Removes the .prev copies of files[from, to) that were kept.
void forget_previous(const std::vector<AtomicFile*>& files, const std::vector<bool>& had_previous,
                     std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (had_previous[i]) std::remove(prev_path(*files[i]).c_str());
  }
}
}  // namespace

void commit_together(const std::vector<AtomicFile*>& files) {
  for (AtomicFile* file : files) file->finish();
  std::vector<bool> had_previous;
  try {
    for (AtomicFile* file : files) had_previous.push_back(keep_previous(*file));
  } catch (...) {
    forget_previous(files, had_previous, 0, had_previous.size());
    throw;
  }
  std::size_t published = 0;
  try {
    for (; published < files.size(); ++published) files[published]->publish();
  } catch (...) {
    for (std::size_t i = 0; i < published; ++i) {
      if (had_previous[i]) {
        std::rename(prev_path(*files[i]).c_str(), files[i]->path().c_str());
      } else {
        std::remove(files[i]->path().c_str());
      }
    }
    forget_previous(files, had_previous, published, files.size());
    throw;
  }
  std::set<fs::path> dirs;
  for (AtomicFile* file : files) dirs.insert(fs::path(file->path()).parent_path());
  for (const auto& dir : dirs) sync_directory(dir);
  forget_previous(files, had_previous, 0, files.size());
}

}  // namespace pogen::io
