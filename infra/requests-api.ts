import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import type { PhotoStorage } from './photo-storage.js';
import { lifecycleStateMachineArn } from './request-workflow.js';
import { SanzhangFunction } from './sanzhang-function.js';

export interface RequestsApiProps extends ApiConstructProps {
  readonly photos: PhotoStorage;
}

/**
 * The requests API: residents raise requests and follow them, leaders and residents act on them.
 * Acting completes the lifecycle's waiting task and texts whoever must act next. Photos are
 * uploaded straight to the photo storage: one function signs the forms, the ones that take photos
 * check them, the one that shows a request signs links to them. A leader's SMS link (`/l/{token}`,
 * on the site's domain through CloudFront) redirects to the request on the leader page.
 */
export class RequestsApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: RequestsApiProps) {
    super(scope, id);
    const { config, table, httpApi, photos } = props;
    const submitRequest = new SanzhangFunction(this, 'SubmitRequest', {
      entry: 'functions/api/submit-request.ts',
      description: 'POST /requests: raise a request',
      config,
      parts: ['photos'],
    }).bindTable(table, 'RW');
    photos.allowUploadChecks(submitRequest);
    const listRequests = new SanzhangFunction(this, 'ListRequests', {
      entry: 'functions/api/list-requests.ts',
      description: 'GET /requests',
      config,
    }).bindTable(table, 'RO');
    const getRequest = new SanzhangFunction(this, 'GetRequest', {
      entry: 'functions/api/get-request.ts',
      description: 'GET /requests/{id}',
      config,
      parts: ['photos'],
    }).bindTable(table, 'RO');
    photos.allowLinks(getRequest);
    const actOnRequest = new SanzhangFunction(this, 'ActOnRequest', {
      entry: 'functions/api/act-on-request.ts',
      description: 'POST /requests/{id}/{action}: acknowledge, resolve, escalate, confirm, reject',
      config,
      parts: ['workflow', 'photos'],
    })
      .bindTable(table, 'RW')
      .allowTaskCallbacks(lifecycleStateMachineArn(this, config.district.id));
    photos.allowUploadChecks(actOnRequest);
    // Reads the caller's roles from the table (residents do not upload resolution photos).
    const uploadPhotos = new SanzhangFunction(this, 'UploadPhotos', {
      entry: 'functions/api/uploads.ts',
      description: 'POST /uploads: a form to upload one photo to the photo storage',
      config,
      parts: ['photos'],
    }).bindTable(table, 'RO');
    photos.allowUploads(uploadPhotos);

    const requestStats = new SanzhangFunction(this, 'RequestStats', {
      entry: 'functions/api/stats.ts',
      description: 'GET /stats/requests: the charts, from the tallies the lifecycle keeps',
      config,
    }).bindTable(table, 'RO');
    // Public: it answers a phone that has not signed in, and reads one item.
    const followShortLink = new SanzhangFunction(this, 'FollowShortLink', {
      entry: 'functions/api/short-link.ts',
      description: "GET /l/{token}: a leader's SMS link, redirected to the request on the leader page",
      config,
    }).bindTable(table, 'RO');

    httpApi.route('submit-request', submitRequest.fn);
    httpApi.route('list-requests', listRequests.fn);
    httpApi.route('get-request', getRequest.fn);
    httpApi.route('act-on-request', actOnRequest.fn);
    httpApi.route('uploads', uploadPhotos.fn);
    httpApi.route('stats', requestStats.fn);
    httpApi.route('short-link', followShortLink.fn);
    this.functions = {
      submitRequest,
      listRequests,
      getRequest,
      actOnRequest,
      uploadPhotos,
      requestStats,
      followShortLink,
    };
  }
}
