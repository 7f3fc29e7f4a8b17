#pragma once
// An output file written under a temporary name (`<name>.tmp`) and renamed into place by
// commit(), so a reader never sees a half-written file and a crash leaves the previous complete
// file (or none). Destroying an uncommitted file removes the temporary.
//
// Every write, the flush, the fsync and the close are checked, and so is the stream's error flag:
// glibc drops a buffered block whose write failed (a full disk) and later calls can succeed, so
// a file is published only when no write of it ever failed.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

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
  // finish() then publish().
  void commit();
  // Flushes, fsyncs and closes the temporary. Throws FatalError naming it on any I/O error, the
  // temporary removed.
  void finish();
  // Renames the finished temporary into place. Throws FatalError on failure.
  void publish();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool finished_ = false;
};

// Commits a set of output files as a unit: all of them complete, or the previous set untouched.
//   1. every temporary is finished (written, flushed, fsynced, closed); a failure stops here,
//      before any file is replaced;
//   2. each file's previous version, if any, is kept aside as <name>.prev (a hard link);
//   3. the temporaries are renamed into place, in order; when one rename fails, the files
//      already replaced get their previous version back (or are removed when there was none);
//   4. the directories are fsynced and the .prev links removed.
// Throws FatalError naming the file that failed; no .tmp or .prev file is left either way.
void commit_together(const std::vector<AtomicFile*>& files);

}  // namespace pogen::io
