#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pretext/backbone.h"
#include "pretext/error.h"
#include "test_support.h"

namespace pretext {
namespace {

TEST(StateDict, RoundTripsThroughAFile) {
  torch::nn::Linear layer(3, 2);
  auto dir = testing::temporary_dir("state_dict");
  write_state_dict(state_dict(*layer), dir / "w.pt");
  torch::nn::Linear other(3, 2);
  load_state_dict(*other, read_state_dict(dir / "w.pt"), "w.pt");
  EXPECT_TRUE(other->weight.equal(layer->weight));
  EXPECT_TRUE(other->bias.equal(layer->bias));
}

TEST(StateDict, AWrongShapeNamesTheWeight) {
  torch::nn::Linear layer(3, 2);
  StateDict weights = state_dict(*layer);
  weights["weight"] = torch::zeros({2, 4});
  try {
    load_state_dict(*layer, weights, "w.pt");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "w.pt: weight \"weight\" has shape [2, 4], the model "
                 "expects [2, 3]");
  }
}

TEST(StateDict, MissingAndUnexpectedWeightsAreNamed) {
  torch::nn::Linear layer(3, 2);
  StateDict weights = state_dict(*layer);
  weights.erase("bias");
  EXPECT_THROW(load_state_dict(*layer, weights, "w.pt"), InputError);
  weights = state_dict(*layer);
  weights["extra"] = torch::zeros({1});
  try {
    load_state_dict(*layer, weights, "w.pt");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "w.pt: unexpected weight \"extra\" for this model");
  }
}

TEST(StateDict, AFileThatIsNoStateDictIsAnInputError) {
  auto dir = testing::temporary_dir("state_dict_bad");
  testing::write_text(dir / "bad.pt", "nonsense");
  EXPECT_THROW(read_state_dict(dir / "bad.pt"), InputError);
}

}  // namespace
}  // namespace pretext
