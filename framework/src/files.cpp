#include "pretext/files.h"

#include <unistd.h>
#include <fstream>

#include "pretext/error.h"

namespace pretext {

void write_file_atomically(const std::filesystem::path& path,
                           const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw Error("cannot write " + temporary.string());
  }
  std::error_code failed;
  std::filesystem::rename(temporary, path, failed);
  if (failed) {
    std::filesystem::remove(temporary);
    throw Error("cannot replace " + path.string() + ": " + failed.message());
  }
}

}  // namespace pretext
