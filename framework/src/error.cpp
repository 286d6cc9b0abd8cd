#include "pretext/error.h"

namespace pretext {

std::string SourceLocation::to_string() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

RecipeError::RecipeError(SourceLocation where, std::string key_path,
                         std::string what)
    : InputError(where.to_string() + ": " +
                 (key_path.empty() ? "" : key_path + ": ") + what),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      reason_(std::move(what)) {}

}  // namespace pretext
