#include "core/atomic_file.hpp"

#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"

namespace fs = std::filesystem;
using pogen::FatalError;
using pogen::io::AtomicFile;
using pogen::io::commit_together;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("pogen-atomic-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Every file name in dir, sorted.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("commit_together replaces every file of the set", "[atomic-file]") {
  auto dir = fresh_dir("ok");
  write(dir / "dpo.jsonl", "old dpo\n");
  {
    AtomicFile dpo((dir / "dpo.jsonl").string());
    AtomicFile kto((dir / "kto.jsonl").string());
    dpo.write_line("new dpo");
    kto.write_line("new kto");
    commit_together({&dpo, &kto});
  }
  CHECK(read(dir / "dpo.jsonl") == "new dpo\n");
  CHECK(read(dir / "kto.jsonl") == "new kto\n");
  CHECK(names_in(dir) == std::vector<std::string>{"dpo.jsonl", "kto.jsonl"});
  fs::remove_all(dir);
}

TEST_CASE("a target that cannot be renamed over leaves the previous set untouched",
          "[atomic-file]") {
  auto dir = fresh_dir("unrenamable");
  write(dir / "dpo.jsonl", "old dpo\n");
  write(dir / "kto.jsonl", "old kto\n");
  fs::create_directories(dir / "records.jsonl");  // a directory: no file can be renamed over it
  write(dir / "records.jsonl" / "keep", "x");
  std::string message;
  {
    AtomicFile dpo((dir / "dpo.jsonl").string());
    AtomicFile kto((dir / "kto.jsonl").string());
    AtomicFile added((dir / "rejects.jsonl").string());
    AtomicFile records((dir / "records.jsonl").string());
    dpo.write_line("new dpo");
    kto.write_line("new kto");
    added.write_line("new rejects");
    records.write_line("new records");
    try {
      commit_together({&dpo, &kto, &added, &records});
    } catch (const FatalError& e) {
      message = e.what();
    }
  }
  CHECK(message.find("cannot rename into place") != std::string::npos);
  CHECK(message.find("records.jsonl") != std::string::npos);
  CHECK(read(dir / "dpo.jsonl") == "old dpo\n");
  CHECK(read(dir / "kto.jsonl") == "old kto\n");
  // rejects.jsonl did not exist before, so it does not exist after; no .tmp or .prev is left.
  CHECK(names_in(dir) == std::vector<std::string>{"dpo.jsonl", "kto.jsonl", "records.jsonl"});
  CHECK(read(dir / "records.jsonl" / "keep") == "x");
  fs::remove_all(dir);
}

TEST_CASE("an uncommitted file leaves no temporary", "[atomic-file]") {
  auto dir = fresh_dir("abandoned");
  {
    AtomicFile file((dir / "dpo.jsonl").string());
    file.write_line("never committed");
    CHECK(fs::exists(dir / "dpo.jsonl.tmp"));
  }
  CHECK(names_in(dir).empty());
  fs::remove_all(dir);
}

namespace {

// A 64 KiB tmpfs, unmounted at the end; exits 77 (skipped) when it cannot be mounted.
struct SmallDisk {
  fs::path dir;
  SmallDisk() : dir(fresh_dir("tmpfs")) {
    if (::geteuid() != 0) {
      std::cerr << "skipped: the full-disk tests mount a tmpfs and need root\n";
      std::exit(77);
    }
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0) {
      std::cerr << "skipped: cannot mount a tmpfs on " << dir << " (" << std::strerror(errno)
                << ")\n";
      std::exit(77);
    }
  }
  ~SmallDisk() {
    ::umount(dir.c_str());
    fs::remove_all(dir);
  }
};

}  // namespace

TEST_CASE("on a full disk a set is committed whole or not at all, never cut", "[needs-root]") {
  SmallDisk disk;
  const std::string old_dpo(1000, 'o');
  write(disk.dir / "dpo.jsonl", old_dpo);
  write(disk.dir / "kto.jsonl", "old kto\n");
  std::size_t committed_size = old_dpo.size();
  std::string committed_kto = "old kto\n";
  // Two files of `kib` KiB each: sets that fit (4, 24), and sets that fill the disk while the
  // first file is written (60, 200) or the second (40).
  for (std::size_t kib : {4, 24, 40, 60, 200}) {
    CAPTURE(kib);
    const std::string row(99, 'r');
    const std::size_t rows = kib * 1024 / 100;
    bool committed = false;
    std::string message;
    try {
      AtomicFile dpo((disk.dir / "dpo.jsonl").string());
      AtomicFile kto((disk.dir / "kto.jsonl").string());
      for (std::size_t i = 0; i < rows; ++i) dpo.write_line(row);
      for (std::size_t i = 0; i < rows; ++i) kto.write_line(row);
      commit_together({&dpo, &kto});
      committed = true;
    } catch (const FatalError& e) {
      message = e.what();
    }
    CHECK(committed == (kib <= 24));
    if (committed) {
      committed_size = rows * 100;
      committed_kto = read(disk.dir / "kto.jsonl");
    } else {
      CHECK(message.find("No space left on device") != std::string::npos);
    }
    // Whole files of the last set that was committed, never a cut one.
    CHECK(read(disk.dir / "dpo.jsonl").size() == committed_size);
    CHECK(read(disk.dir / "kto.jsonl") == committed_kto);
    CHECK(committed_kto.size() == (committed_size == old_dpo.size() ? 8 : committed_size));
    CHECK(names_in(disk.dir) == std::vector<std::string>{"dpo.jsonl", "kto.jsonl"});
  }
}
