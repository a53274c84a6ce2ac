// NvMultiObjectTracker low-level config (the YAML file of nvtracker `ll-config-file`: IOU, NvSORT,
// NvDCF, NvDeepSORT, MaskTracker, SV3DT, MV3DT). The library is closed source, so the keys come from
// NVIDIA's own reference (skills/deepstream-dev/references/tracker_config.md in NVIDIA/DeepStream, DS
// 9.1) and, for keys it does not describe, from NVIDIA's sample tracker configs
// (src/apps/reference_apps/deepstream-tracker-3d*/, runtime_source_add_delete/tracker_config.yml,
// and samples/configs/deepstream-app/config_tracker_*.yml of DeepStream 6.0–6.3). Ranges and enums
// only where the reference states them; nothing is marked enforced (the library's reaction to a bad
// value is not documented).
import { keyMap } from './keyBuilders';
import type { EnumValue, GroupSchema, KeySchema, KindSchema, ValueType } from './types';

const DOC = 'skills/deepstream-dev/references/tracker_config.md (NVIDIA/DeepStream 9.1)';
const SAMPLE = 'NVIDIA sample tracker configs (not described in the reference)';

function d(key: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}): KeySchema {
  return { key, type, doc, source: DOC, ...extra };
}
/** A key used by NVIDIA's sample configs but not described by the reference. */
function s(key: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}): KeySchema {
  return { key, type, doc: `${doc} (Used by NVIDIA's sample configs; not described in the tracker reference.)`, source: SAMPLE, ...extra };
}
const e = (...meanings: string[]): EnumValue[] => meanings.map((meaning, value) => ({ value, meaning }));
const unit = { min: 0, max: 1 };

// Keys shared by the ReID and PoseEstimator networks.
const networkKeys = (what: string): KeySchema[] => [
  d('batchSize', 'int', `Batch size of the ${what} network.`, { min: 1 }),
  d('workspaceSize', 'int', 'TensorRT builder workspace in MB.', { min: 0 }),
  d('inferDims', 'int-list', 'Network input dimensions `[C, H, W]` (a YAML sequence).', { listLength: 3, yamlSeq: true, min: 1 }),
  d('networkMode', 'int', 'Precision of the engine.', { enum: e('FP32', 'FP16', 'INT8') }),
  d('inputOrder', 'int', 'Input layout.', { enum: e('NCHW', 'NHWC') }),
  d('colorFormat', 'int', 'Input color format.', { enum: e('RGB', 'BGR') }),
  d('offsets', 'double-list', 'Per-channel values subtracted from the pixels (a YAML sequence).', { yamlSeq: true, listLength: [1, 4] }),
  d('netScaleFactor', 'double', 'Scale after the offsets: y = netScaleFactor × (x − offsets).'),
  d('useVPICropScaler', 'bool', 'Crop and scale the objects with VPI.'),
  d('onnxFile', 'string', `ONNX model of the ${what} network.`),
  d('modelEngineFile', 'string', 'Prebuilt TensorRT engine (built and saved here when missing).'),
];

const groups: [string, string, KeySchema[]][] = [
  ['BaseConfig', 'Settings common to every tracker.', [
    d('minDetectorConfidence', 'double', 'Detections below this confidence are discarded.', { default: '0.0' }),
    s('checkClassMatch', 'bool', 'Only associate detections with targets of the same class (the reference documents it in DataAssociator).'),
  ]],
  ['TargetManagement', 'Lifecycle of targets: tentative → active → inactive (shadow tracking) → terminated.', [
    d('maxTargetsPerStream', 'int', 'Maximum targets per stream, shadow-tracked ones included; GPU memory is pre-allocated for it.', { min: 1 }),
    d('preserveStreamUpdateOrder', 'bool', 'Deterministic target ids across runs (streams updated in one thread).'),
    d('enableBboxUnClipping', 'bool', 'Restore boxes clipped by the image border.'),
    d('minIouDiff4NewTarget', 'double', 'A new detection overlapping an existing target by more than this IOU is discarded.'),
    d('minTrackerConfidence', 'double', 'Below this confidence a target goes to shadow tracking.', unit),
    d('probationAge', 'int', 'Frames a target stays tentative before it becomes active (late activation).', { min: 0 }),
    d('maxShadowTrackingAge', 'int', 'Maximum frames of shadow tracking before a target is terminated.', { min: 0 }),
    d('earlyTerminationAge', 'int', 'A tentative target whose shadow-tracking age reaches this is terminated early.', { min: 0 }),
    d('searchRegionPaddingScale', 'double', 'NvDCF search region size as a multiple of the box diagonal.'),
    d('outputTerminatedTracks', 'bool', 'Export the history of terminated tracks to metadata.'),
    d('outputShadowTracks', 'bool', 'Export shadow-track data to metadata.'),
    d('terminatedTrackFilename', 'string', 'File prefix for saving terminated tracks.'),
    s('maxTrajectoryBufferLength', 'int', 'Length of the trajectory buffer kept per target (-1 in the samples).'),
  ]],
  ['TrajectoryManagement', 'Unique ids and re-association of tracklets.', [
    d('useUniqueID', 'bool', '64-bit unique ids (random upper 32 bits per stream, sequential lower 32 bits).'),
    d('enableReAssoc', 'bool', 'Enable motion-based target re-association.'),
    d('minMatchingScore4Overall', 'double', 'Minimum total score for re-association.'),
    d('minTrackletMatchingScore', 'double', 'Minimum tracklet IOU similarity for re-association.'),
    d('minMatchingScore4ReidSimilarity', 'double', 'Minimum Re-ID score for re-association.'),
    d('matchingScoreWeight4TrackletSimilarity', 'double', 'Weight of the tracklet similarity in re-association.'),
    d('matchingScoreWeight4ReidSimilarity', 'double', 'Weight of the Re-ID similarity in re-association.'),
    d('minTrajectoryLength4Projection', 'int', 'Minimum tracklet length to create a projected trajectory.', { min: 0 }),
    d('prepLength4TrajectoryProjection', 'int', 'Trajectory length used to estimate the projection state.', { min: 0 }),
    d('trajectoryProjectionLength', 'int', 'Length of the projected trajectory.', { min: 0 }),
    d('maxAngle4TrackletMatching', 'double', 'Maximum angle difference in degrees for tracklet matching.'),
    d('minSpeedSimilarity4TrackletMatching', 'double', 'Minimum speed similarity for tracklet matching.'),
    d('minBboxSizeSimilarity4TrackletMatching', 'double', 'Minimum box size similarity for tracklet matching.'),
    d('maxTrackletMatchingTimeSearchRange', 'int', 'Time search range (frames) for tracklet matching.', { min: 0 }),
    d('trajectoryProjectionProcessNoiseScale', 'double', 'Process noise scale of the trajectory projection.'),
    d('trajectoryProjectionMeasurementNoiseScale', 'double', 'Measurement noise scale of the trajectory projection.'),
    d('trackletSpacialSearchRegionScale', 'double', 'Spatial search region for peer tracklets.'),
    d('reidExtractionInterval', 'int', 'Frame interval of Re-ID feature extraction per target; -1: first frame only.', { min: -1 }),
  ]],
  ['DataAssociator', 'Matching detections to targets.', [
    d('dataAssociatorType', 'int', 'Data associator type.', { enum: e('DEFAULT'), default: '0' }),
    d('associationMatcherType', 'int', 'Matching algorithm.', { enum: e('GREEDY', 'CASCADED'), default: '0' }),
    d('checkClassMatch', 'bool', 'Only associate objects of the same class.', { default: 'true' }),
    d('usePrediction4Assoc', 'bool', 'Associate with the predicted state instead of the last known one.', { default: 'false' }),
    d('minMatchingScore4Overall', 'double', 'Minimum total matching score.', { default: '0.0' }),
    d('minMatchingScore4SizeSimilarity', 'double', 'Minimum box size similarity.', { default: '0.0' }),
    d('minMatchingScore4Iou', 'double', 'Minimum IOU.', { default: '0.0' }),
    d('minMatchingScore4VisualSimilarity', 'double', 'Minimum visual similarity (NvDCF).', { default: '0.0' }),
    d('minMatchingScore4ReidSimilarity', 'double', 'Minimum Re-ID similarity (NvDeepSORT).', { default: '0.0' }),
    d('matchingScoreWeight4Iou', 'double', 'Weight of the IOU in the total score.', { default: '1.0' }),
    d('matchingScoreWeight4SizeSimilarity', 'double', 'Weight of the size similarity.', { default: '0.0' }),
    d('matchingScoreWeight4VisualSimilarity', 'double', 'Weight of the visual similarity (NvDCF).', { default: '0.0' }),
    d('matchingScoreWeight4ReidSimilarity', 'double', 'Weight of the Re-ID similarity (NvDeepSORT).', { default: '0.0' }),
    d('tentativeDetectorConfidence', 'double', 'Detections between minDetectorConfidence and this are tentative.', { default: '0.5' }),
    d('minMatchingScore4TentativeIou', 'double', 'Minimum IOU when matching tentative detections.', { default: '0.0' }),
    d('thresholdMahalanobis', 'double', 'Maximum Mahalanobis distance (NvDeepSORT); negative disables it.', { default: '-1.0' }),
    s('minMatchingScore4PeerAssocIou', 'double', 'Minimum IOU for peer association (multi-view tracking).'),
  ]],
  ['StateEstimator', 'Kalman filter of the target state.', [
    d('stateEstimatorType', 'int', 'State estimator.', { enum: e('DUMMY', 'SIMPLE_BBOX_KF (6 states, absolute noise)', 'REGULAR_BBOX_KF (8 states, height-proportional noise)', 'SIMPLE_LOCATION_KF (4 states, foot location; SV3DT, needs ObjectModelProjection)') }),
    d('processNoiseVar4Loc', 'double', 'Process noise of the box center (SIMPLE_BBOX_KF) or foot location (SIMPLE_LOCATION_KF).'),
    d('processNoiseVar4Size', 'double', 'Process noise of the box size (SIMPLE_BBOX_KF).'),
    d('processNoiseVar4Vel', 'double', 'Process noise of the velocity.'),
    d('measurementNoiseVar4Detector', 'double', 'Measurement noise of the detector.'),
    d('measurementNoiseVar4Tracker', 'double', 'Measurement noise of the visual tracker (NvDCF).'),
    d('noiseWeightVar4Loc', 'double', 'Noise weight proportional to the box height, location (REGULAR_BBOX_KF).'),
    d('noiseWeightVar4Vel', 'double', 'Noise weight proportional to the box height, velocity (REGULAR_BBOX_KF).'),
    d('useAspectRatio', 'bool', 'Aspect ratio instead of width in the state (NvDeepSORT).'),
  ]],
  ['VisualTracker', 'NvDCF visual tracking.', [
    d('visualTrackerType', 'int', 'Visual tracker.', { enum: e('DUMMY', 'NvDCF_legacy', 'NvDCF_VPI') }),
    d('useColorNames', 'bool', 'Use the ColorNames feature (10 channels).'),
    d('useHog', 'bool', 'Use the HOG feature (18 channels).'),
    d('useHighPrecisionFeature', 'bool', '16-bit feature precision instead of 8-bit.'),
    d('featureImgSizeLevel', 'int', 'Feature image size per channel.', { enum: [{ value: 1, meaning: '12×12' }, { value: 2, meaning: '18×18' }, { value: 3, meaning: '24×24' }, { value: 4, meaning: '30×30' }, { value: 5, meaning: '36×36' }] }),
    d('featureFocusOffsetFactor_y', 'double', 'Vertical offset of the Hanning window center; negative moves it up.', { min: -0.5, max: 0.5 }),
    d('filterLr', 'double', 'DCF filter learning rate.', unit),
    d('filterChannelWeightsLr', 'double', 'Learning rate of the channel weights.', unit),
    d('gaussianSigma', 'double', 'Gaussian sigma of the desired response, in pixels.'),
    d('vpiBackend4DcfTracker', 'int', 'VPI backend of NvDCF_VPI (visualTrackerType: 2).', { enum: [{ value: 1, meaning: 'CUDA' }, { value: 2, meaning: 'PVA (Jetson only)', platform: 'jetson' }] }),
  ]],
  ['ReID', 'Re-identification network (NvDeepSORT, or NvDCF re-association).', [
    d('reidType', 'int', 'How Re-ID features are used.', { enum: e('DUMMY', 'NvDEEPSORT', 'REASSOC (re-association only)', 'BOTH') }),
    ...networkKeys('Re-ID'),
    d('reidFeatureSize', 'int', 'Dimension of the output feature.', { min: 1 }),
    d('reidHistorySize', 'int', 'Maximum features kept per target (gallery size).', { min: 1 }),
    d('keepAspc', 'bool', 'Keep the aspect ratio when resizing objects.'),
    d('addFeatureNormalization', 'bool', 'L2-normalize the output features.'),
    d('minVisibility4GalleryUpdate', 'double', 'Minimum visibility for an embedding to enter the gallery (SV3DT).'),
    d('outputReidTensor', 'bool', 'Export the Re-ID features to user metadata.'),
    d('tltEncodedModel', 'string', 'TAO encoded model (.etlt).'),
    d('tltModelKey', 'string', 'Key of the TAO model.'),
    d('calibrationTableFile', 'string', 'INT8 calibration table.'),
    s('uffFile', 'string', 'UFF Re-ID model (NvDeepSORT samples of DeepStream 6.x).'),
    s('inputBlobName', 'string', 'Input layer name of the Re-ID network.'),
    s('outputBlobName', 'string', 'Output layer name of the Re-ID network.'),
  ]],
  ['Segmenter', 'MaskTracker segmentation (SAM2, developer preview).', [
    d('segmenterType', 'int', 'Segmenter.', { enum: e('DUMMY', 'SAM2') }),
    d('segmenterConfigPath', 'string', 'Segmenter config (e.g. config_tracker_module_Segmenter.yml).'),
  ]],
  ['ObjectModelProjection', 'Single-view 3D tracking (SV3DT): 3D cylinder model projected with the camera calibration.', [
    d('cameraModelFilepath', 'string-list', 'Camera calibration file (camInfo.yml) per stream, in stream order (a YAML sequence).', { yamlSeq: true }),
    d('outputVisibility', 'bool', 'Output the visibility of each object (0.0–1.0).'),
    d('outputFootLocation', 'bool', 'Output foot locations in image and world coordinates.'),
    d('outputConvexHull', 'bool', 'Output the convex hull of the projected cylinder.'),
    d('minPoseConfidence', 'double', 'Minimum pose keypoint confidence for adaptive height estimation.', unit),
    s('objectModelType', 'int', 'Object model used for the projection (0 in the samples).'),
  ]],
  ['PoseEstimator', 'Body pose estimation for SV3DT height estimation (BodyPose3DNet).', [
    d('poseEstimatorType', 'int', 'Pose estimation.', { enum: e('disabled (fixed-height model)', 'BodyPose3DNet') }),
    ...networkKeys('pose'),
    d('poseInferenceInterval', 'int', 'Frame interval of pose inference; -1: first frame only.', { min: -1 }),
  ]],
  ['MultiViewAssociator', 'Multi-view 3D tracking (MV3DT) association between cameras.', [
    s('multiViewAssociatorType', 'int', 'Multi-view associator type.'),
    s('enableLatePeerReAssoc', 'bool', 'Re-associate with late peer tracklets.'),
    s('enableIDCorrection', 'bool', 'Correct ids across views.'),
    s('enableSeeThrough', 'bool', 'Use peer views to track objects occluded in this view.'),
    s('enableMsgSync', 'bool', 'Synchronize peer messages.'),
    s('maxPeerTrackletSize', 'int', 'Maximum peer tracklet length.', { min: 0 }),
    s('recentlyActiveAge', 'int', 'Frames a target counts as recently active.', { min: 0 }),
    s('minCommonFrames4MatchScore', 'int', 'Minimum common frames to score a peer match.', { min: 0 }),
    s('maxPeerToPredDistance4Fusion', 'double', 'Maximum distance between peer and prediction for fusion.'),
    s('minPeerVisibility4Fusion', 'double', 'Minimum peer visibility for fusion.'),
    s('minPeerTrackletMatchScore', 'double', 'Minimum peer tracklet match score.'),
    s('maxTrackletMatchingTimeSearchRange', 'int', 'Time search range for peer tracklet matching.', { min: 0 }),
    s('maxPeerFrameDiff4NoDet', 'int', 'Maximum frame difference to peers without detection.', { min: 0 }),
    s('communicatorInitSleepTime', 'int', 'Wait before the communicator starts.', { min: 0 }),
  ]],
  ['Communicator', 'Message exchange between the trackers of a multi-view setup.', [
    s('communicatorType', 'int', 'Communicator type.'),
    s('pubSubInfoConfigPath', 'string', 'Publish/subscribe topology config.'),
    s('mqttProtoAdaptorConfigPath', 'string', 'MQTT protocol adaptor config.'),
  ]],
  ['Control', 'Runtime control, sent through the REST API or a GStreamer event (dynamic configuration only).', [
    d('tracker-reset', 'bool', 'Soft reset: removes all tracks and their history.'),
  ]],
];

export const trackerGroups: GroupSchema[] = groups.map(([name, doc, keys]) => ({ name, match: new RegExp(`^${name}$`), doc, keys: keyMap(keys), source: keys.some((k) => k.source === DOC) ? DOC : SAMPLE }));

export const trackerSchema: KindSchema = { kind: 'tracker', title: 'NvMultiObjectTracker config (nvtracker ll-config-file YAML)', groups: trackerGroups };
