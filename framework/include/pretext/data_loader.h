// Batches of decoded, augmented images, made ahead of time on worker
// threads. Given the same seed, every epoch's batches are the same
// whatever the number of workers.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <torch/types.h>

#include "pretext/augmentation.h"
#include "pretext/dataset.h"

namespace pretext {

/// A batch as it leaves the loader: uint8 images N x H x W x 3.
struct ImageBatch {
  torch::Tensor images;
  torch::Tensor labels;  ///< int64, N
};

struct LoaderOptions {
  int64_t batch_size = 64;
  bool shuffle = false;
  bool drop_last = false;
  int64_t workers = 2;
  int64_t prefetch = 4;  ///< batches made ahead, in all
  uint64_t seed = 0;
  int64_t max_batches = 0;  ///< 0: all
};

class DataLoader {
 public:
  DataLoader(std::shared_ptr<const Dataset> dataset,
             std::vector<std::shared_ptr<const Augmentation>> augmentations,
             LoaderOptions options);
  ~DataLoader();

  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  int64_t batches_per_epoch() const;

  /// Starts producing the batches of `epoch`.
  void start_epoch(int64_t epoch);

  /// The next batch of the epoch; false when the epoch is over.
  /// Rethrows an error a worker met (a corrupt image, ...).
  bool next(ImageBatch& batch);

 private:
  void work();
  ImageBatch make_batch(int64_t batch_index);
  void stop_workers();

  std::shared_ptr<const Dataset> dataset_;
  std::vector<std::shared_ptr<const Augmentation>> augmentations_;
  LoaderOptions options_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<int64_t> order_;
  int64_t epoch_ = 0;
  int64_t batches_ = 0;
  int64_t next_to_make_ = 0;
  int64_t next_to_take_ = 0;
  std::map<int64_t, ImageBatch> ready_;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace pretext
