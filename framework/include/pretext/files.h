// Writing results so that a crash never leaves half a file behind.
#pragma once

#include <filesystem>
#include <string>

namespace pretext {

/// Writes `content` to a temporary file beside `path`, then renames it.
void write_file_atomically(const std::filesystem::path& path,
                           const std::string& content);

}  // namespace pretext
