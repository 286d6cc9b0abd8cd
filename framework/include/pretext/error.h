// Typed exceptions. The library throws; the runner reports once and exits.
#pragma once

#include <stdexcept>
#include <string>

namespace pretext {

/// Where a value came from: a recipe file position or a command-line flag.
struct SourceLocation {
  std::string file;  ///< recipe path, or "--set" for an override
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown

  /// "file:line:column", or just "file" when the position is unknown.
  std::string to_string() const;
};

/// Base of every error pretext throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A mistake in what the user gave us (recipe, flags, data, plugin files).
/// The runner exits with status 2 for these.
class InputError : public Error {
 public:
  using Error::Error;
};

/// A recipe value is wrong. The message reads
/// "file:line:column: key.path: what is wrong".
class RecipeError : public InputError {
 public:
  RecipeError(SourceLocation where, std::string key_path, std::string what);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& reason() const { return reason_; }

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string reason_;
};

/// A plugin file could not be used (ABI mismatch, duplicate name, ...).
class PluginError : public InputError {
 public:
  using InputError::InputError;
};

/// Training data is missing, incomplete or corrupt.
class DataError : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace pretext
