#pragma once
// An output file written under a temporary name (`<name>.tmp`) and renamed into place by
// commit(), so a reader never sees a half-written file and a crash leaves the previous complete
// file (or none). Destroying an uncommitted file removes the temporary.

#include <cstdio>
#include <string>
#include <string_view>

namespace pogen::io {

class AtomicFile {
 public:
  // Throws FatalError naming the path when the temporary cannot be created.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void write_line(std::string_view line);  // data + '\n'
  // Flushes, fsyncs and renames into place. Throws FatalError on any I/O error.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
};

}  // namespace pogen::io
