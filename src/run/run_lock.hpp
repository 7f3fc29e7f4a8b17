#pragma once
// Keeps two pogen runs from writing the same run directory: an exclusive flock on
// `<run_dir>/.pogen.lock`, held until the RunLock is destroyed. The kernel drops a flock when its
// holder dies (kill -9 included), so a lock file left behind by a dead run is taken over, never
// in the way. The file holds the holder's pid, for the message a second run prints. The file is
// never deleted: unlinking it while another run has it open would let two runs hold locks on two
// different files.
//
// flock locks belong to an open file description, so a second RunLock on the same directory in
// the same process is refused like one in another process. Local file systems only: flock over
// NFS depends on the client's configuration.

#include <string>

namespace pogen::io {

class RunLock {
 public:
  // Creates the directory (and its parents) when missing, then takes the lock. Throws FatalError:
  // `run directory <dir> is in use by another pogen run (pid <N>); wait for it to finish or
  // choose another --out` when a live process holds it, or a message naming the directory when
  // it cannot be created or written.
  explicit RunLock(std::string run_dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& run_dir() const { return run_dir_; }
  const std::string& lock_path() const { return lock_path_; }

 private:
  void take_lock();
  void write_own_pid();

  std::string run_dir_;
  std::string lock_path_;
  int fd_ = -1;
};

}  // namespace pogen::io
