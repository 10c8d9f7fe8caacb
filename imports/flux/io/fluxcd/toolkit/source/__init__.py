from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class Bucket(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.Bucket",
):
    '''Bucket is the Schema for the buckets API.

    :schema: Bucket
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["BucketSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "Bucket" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: BucketSpec specifies the required configuration to produce an Artifact for an object storage bucket.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__8195b358e76007986a2e3db4cf4cc344344c1f8900c3120a30902f2cf25ba9b5)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = BucketProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["BucketSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "Bucket".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: BucketSpec specifies the required configuration to produce an Artifact for an object storage bucket.
        '''
        props = BucketProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "Bucket".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class BucketProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["BucketSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Bucket is the Schema for the buckets API.

        :param metadata: 
        :param spec: BucketSpec specifies the required configuration to produce an Artifact for an object storage bucket.

        :schema: Bucket
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = BucketSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__6ffd8672e19d52d65acb2c4ec5f0e756da377e5904631f86d583bc8be136331f)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: Bucket#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["BucketSpec"]:
        '''BucketSpec specifies the required configuration to produce an Artifact for an object storage bucket.

        :schema: Bucket#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["BucketSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpec",
    jsii_struct_bases=[],
    name_mapping={
        "bucket_name": "bucketName",
        "endpoint": "endpoint",
        "interval": "interval",
        "cert_secret_ref": "certSecretRef",
        "ignore": "ignore",
        "insecure": "insecure",
        "prefix": "prefix",
        "provider": "provider",
        "proxy_secret_ref": "proxySecretRef",
        "region": "region",
        "secret_ref": "secretRef",
        "service_account_name": "serviceAccountName",
        "sts": "sts",
        "suspend": "suspend",
        "timeout": "timeout",
    },
)
class BucketSpec:
    def __init__(
        self,
        *,
        bucket_name: builtins.str,
        endpoint: builtins.str,
        interval: builtins.str,
        cert_secret_ref: typing.Optional[typing.Union["BucketSpecCertSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        ignore: typing.Optional[builtins.str] = None,
        insecure: typing.Optional[builtins.bool] = None,
        prefix: typing.Optional[builtins.str] = None,
        provider: typing.Optional["BucketSpecProvider"] = None,
        proxy_secret_ref: typing.Optional[typing.Union["BucketSpecProxySecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        region: typing.Optional[builtins.str] = None,
        secret_ref: typing.Optional[typing.Union["BucketSpecSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        service_account_name: typing.Optional[builtins.str] = None,
        sts: typing.Optional[typing.Union["BucketSpecSts", typing.Dict[builtins.str, typing.Any]]] = None,
        suspend: typing.Optional[builtins.bool] = None,
        timeout: typing.Optional[builtins.str] = None,
    ) -> None:
        '''BucketSpec specifies the required configuration to produce an Artifact for an object storage bucket.

        :param bucket_name: BucketName is the name of the object storage bucket.
        :param endpoint: Endpoint is the object storage address the BucketName is located at.
        :param interval: Interval at which the Bucket Endpoint is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.
        :param cert_secret_ref: CertSecretRef can be given the name of a Secret containing either or both of. - a PEM-encoded client certificate (``tls.crt``) and private key (``tls.key``); - a PEM-encoded CA certificate (``ca.crt``) and whichever are supplied, will be used for connecting to the bucket. The client cert and key are useful if you are authenticating with a certificate; the CA cert is useful if you are using a self-signed server certificate. The Secret must be of type ``Opaque`` or ``kubernetes.io/tls``. This field is only supported for the ``generic`` provider.
        :param ignore: Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.
        :param insecure: Insecure allows connecting to a non-TLS HTTP Endpoint.
        :param prefix: Prefix to use for server-side filtering of files in the Bucket.
        :param provider: Provider of the object storage bucket. Defaults to 'generic', which expects an S3 (API) compatible object storage. Default: generic', which expects an S3 (API) compatible object
        :param proxy_secret_ref: ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Bucket server.
        :param region: Region of the Endpoint where the BucketName is located in.
        :param secret_ref: SecretRef specifies the Secret containing authentication credentials for the Bucket.
        :param service_account_name: ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the bucket. This field is only supported for the 'gcp' and 'aws' providers. For more information about workload identity: https://fluxcd.io/flux/components/source/buckets/#workload-identity
        :param sts: STS specifies the required configuration to use a Security Token Service for fetching temporary credentials to authenticate in a Bucket provider. This field is only supported for the ``aws`` and ``generic`` providers.
        :param suspend: Suspend tells the controller to suspend the reconciliation of this Bucket.
        :param timeout: Timeout for fetch operations, defaults to 60s.

        :schema: BucketSpec
        '''
        if isinstance(cert_secret_ref, dict):
            cert_secret_ref = BucketSpecCertSecretRef(**cert_secret_ref)
        if isinstance(proxy_secret_ref, dict):
            proxy_secret_ref = BucketSpecProxySecretRef(**proxy_secret_ref)
        if isinstance(secret_ref, dict):
            secret_ref = BucketSpecSecretRef(**secret_ref)
        if isinstance(sts, dict):
            sts = BucketSpecSts(**sts)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__0add71971ace2d7fb7f19009b1980b788289461e009567e27aefd33d9e36a052)
            check_type(argname="argument bucket_name", value=bucket_name, expected_type=type_hints["bucket_name"])
            check_type(argname="argument endpoint", value=endpoint, expected_type=type_hints["endpoint"])
            check_type(argname="argument interval", value=interval, expected_type=type_hints["interval"])
            check_type(argname="argument cert_secret_ref", value=cert_secret_ref, expected_type=type_hints["cert_secret_ref"])
            check_type(argname="argument ignore", value=ignore, expected_type=type_hints["ignore"])
            check_type(argname="argument insecure", value=insecure, expected_type=type_hints["insecure"])
            check_type(argname="argument prefix", value=prefix, expected_type=type_hints["prefix"])
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument proxy_secret_ref", value=proxy_secret_ref, expected_type=type_hints["proxy_secret_ref"])
            check_type(argname="argument region", value=region, expected_type=type_hints["region"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument service_account_name", value=service_account_name, expected_type=type_hints["service_account_name"])
            check_type(argname="argument sts", value=sts, expected_type=type_hints["sts"])
            check_type(argname="argument suspend", value=suspend, expected_type=type_hints["suspend"])
            check_type(argname="argument timeout", value=timeout, expected_type=type_hints["timeout"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "bucket_name": bucket_name,
            "endpoint": endpoint,
            "interval": interval,
        }
        if cert_secret_ref is not None:
            self._values["cert_secret_ref"] = cert_secret_ref
        if ignore is not None:
            self._values["ignore"] = ignore
        if insecure is not None:
            self._values["insecure"] = insecure
        if prefix is not None:
            self._values["prefix"] = prefix
        if provider is not None:
            self._values["provider"] = provider
        if proxy_secret_ref is not None:
            self._values["proxy_secret_ref"] = proxy_secret_ref
        if region is not None:
            self._values["region"] = region
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref
        if service_account_name is not None:
            self._values["service_account_name"] = service_account_name
        if sts is not None:
            self._values["sts"] = sts
        if suspend is not None:
            self._values["suspend"] = suspend
        if timeout is not None:
            self._values["timeout"] = timeout

    @builtins.property
    def bucket_name(self) -> builtins.str:
        '''BucketName is the name of the object storage bucket.

        :schema: BucketSpec#bucketName
        '''
        result = self._values.get("bucket_name")
        assert result is not None, "Required property 'bucket_name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def endpoint(self) -> builtins.str:
        '''Endpoint is the object storage address the BucketName is located at.

        :schema: BucketSpec#endpoint
        '''
        result = self._values.get("endpoint")
        assert result is not None, "Required property 'endpoint' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def interval(self) -> builtins.str:
        '''Interval at which the Bucket Endpoint is checked for updates.

        This interval is approximate and may be subject to jitter to ensure
        efficient use of resources.

        :schema: BucketSpec#interval
        '''
        result = self._values.get("interval")
        assert result is not None, "Required property 'interval' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def cert_secret_ref(self) -> typing.Optional["BucketSpecCertSecretRef"]:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        bucket. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        This field is only supported for the ``generic`` provider.

        :schema: BucketSpec#certSecretRef
        '''
        result = self._values.get("cert_secret_ref")
        return typing.cast(typing.Optional["BucketSpecCertSecretRef"], result)

    @builtins.property
    def ignore(self) -> typing.Optional[builtins.str]:
        '''Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.

        :schema: BucketSpec#ignore
        '''
        result = self._values.get("ignore")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def insecure(self) -> typing.Optional[builtins.bool]:
        '''Insecure allows connecting to a non-TLS HTTP Endpoint.

        :schema: BucketSpec#insecure
        '''
        result = self._values.get("insecure")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def prefix(self) -> typing.Optional[builtins.str]:
        '''Prefix to use for server-side filtering of files in the Bucket.

        :schema: BucketSpec#prefix
        '''
        result = self._values.get("prefix")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def provider(self) -> typing.Optional["BucketSpecProvider"]:
        '''Provider of the object storage bucket.

        Defaults to 'generic', which expects an S3 (API) compatible object
        storage.

        :default: generic', which expects an S3 (API) compatible object

        :schema: BucketSpec#provider
        '''
        result = self._values.get("provider")
        return typing.cast(typing.Optional["BucketSpecProvider"], result)

    @builtins.property
    def proxy_secret_ref(self) -> typing.Optional["BucketSpecProxySecretRef"]:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Bucket server.

        :schema: BucketSpec#proxySecretRef
        '''
        result = self._values.get("proxy_secret_ref")
        return typing.cast(typing.Optional["BucketSpecProxySecretRef"], result)

    @builtins.property
    def region(self) -> typing.Optional[builtins.str]:
        '''Region of the Endpoint where the BucketName is located in.

        :schema: BucketSpec#region
        '''
        result = self._values.get("region")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["BucketSpecSecretRef"]:
        '''SecretRef specifies the Secret containing authentication credentials for the Bucket.

        :schema: BucketSpec#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["BucketSpecSecretRef"], result)

    @builtins.property
    def service_account_name(self) -> typing.Optional[builtins.str]:
        '''ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the bucket.

        This field is only supported for the 'gcp' and 'aws' providers.
        For more information about workload identity:
        https://fluxcd.io/flux/components/source/buckets/#workload-identity

        :schema: BucketSpec#serviceAccountName
        '''
        result = self._values.get("service_account_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def sts(self) -> typing.Optional["BucketSpecSts"]:
        '''STS specifies the required configuration to use a Security Token Service for fetching temporary credentials to authenticate in a Bucket provider.

        This field is only supported for the ``aws`` and ``generic`` providers.

        :schema: BucketSpec#sts
        '''
        result = self._values.get("sts")
        return typing.cast(typing.Optional["BucketSpecSts"], result)

    @builtins.property
    def suspend(self) -> typing.Optional[builtins.bool]:
        '''Suspend tells the controller to suspend the reconciliation of this Bucket.

        :schema: BucketSpec#suspend
        '''
        result = self._values.get("suspend")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def timeout(self) -> typing.Optional[builtins.str]:
        '''Timeout for fetch operations, defaults to 60s.

        :schema: BucketSpec#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecCertSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class BucketSpecCertSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        bucket. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        This field is only supported for the ``generic`` provider.

        :param name: Name of the referent.

        :schema: BucketSpecCertSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__66767b8c72de0436f7f9d45c9a74293a8262d5a8e83fe9eaea1719349bd8c498)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: BucketSpecCertSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecCertSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.BucketSpecProvider")
class BucketSpecProvider(enum.Enum):
    '''Provider of the object storage bucket.

    Defaults to 'generic', which expects an S3 (API) compatible object
    storage.

    :default: generic', which expects an S3 (API) compatible object

    :schema: BucketSpecProvider
    '''

    GENERIC = "GENERIC"
    '''generic.'''
    AWS = "AWS"
    '''aws.'''
    GCP = "GCP"
    '''gcp.'''
    AZURE = "AZURE"
    '''azure.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecProxySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class BucketSpecProxySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Bucket server.

        :param name: Name of the referent.

        :schema: BucketSpecProxySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__7709b1dd9e79e98f8aceb6626b0969fb326128aeda92db0cc1d08b723fef21eb)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: BucketSpecProxySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecProxySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class BucketSpecSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Secret containing authentication credentials for the Bucket.

        :param name: Name of the referent.

        :schema: BucketSpecSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__457019254e3cbf2ab970b3e195b804eecae1f1a460081b5dbe740a17f7829d09)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: BucketSpecSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecSts",
    jsii_struct_bases=[],
    name_mapping={
        "endpoint": "endpoint",
        "provider": "provider",
        "cert_secret_ref": "certSecretRef",
        "secret_ref": "secretRef",
    },
)
class BucketSpecSts:
    def __init__(
        self,
        *,
        endpoint: builtins.str,
        provider: "BucketSpecStsProvider",
        cert_secret_ref: typing.Optional[typing.Union["BucketSpecStsCertSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        secret_ref: typing.Optional[typing.Union["BucketSpecStsSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''STS specifies the required configuration to use a Security Token Service for fetching temporary credentials to authenticate in a Bucket provider.

        This field is only supported for the ``aws`` and ``generic`` providers.

        :param endpoint: Endpoint is the HTTP/S endpoint of the Security Token Service from where temporary credentials will be fetched.
        :param provider: Provider of the Security Token Service.
        :param cert_secret_ref: CertSecretRef can be given the name of a Secret containing either or both of. - a PEM-encoded client certificate (``tls.crt``) and private key (``tls.key``); - a PEM-encoded CA certificate (``ca.crt``) and whichever are supplied, will be used for connecting to the STS endpoint. The client cert and key are useful if you are authenticating with a certificate; the CA cert is useful if you are using a self-signed server certificate. The Secret must be of type ``Opaque`` or ``kubernetes.io/tls``. This field is only supported for the ``ldap`` provider.
        :param secret_ref: SecretRef specifies the Secret containing authentication credentials for the STS endpoint. This Secret must contain the fields ``username`` and ``password`` and is supported only for the ``ldap`` provider.

        :schema: BucketSpecSts
        '''
        if isinstance(cert_secret_ref, dict):
            cert_secret_ref = BucketSpecStsCertSecretRef(**cert_secret_ref)
        if isinstance(secret_ref, dict):
            secret_ref = BucketSpecStsSecretRef(**secret_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__a193437c0497fdd235c8ddac558bd780291ed46fd8595045d6d5acf88925eb37)
            check_type(argname="argument endpoint", value=endpoint, expected_type=type_hints["endpoint"])
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument cert_secret_ref", value=cert_secret_ref, expected_type=type_hints["cert_secret_ref"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "endpoint": endpoint,
            "provider": provider,
        }
        if cert_secret_ref is not None:
            self._values["cert_secret_ref"] = cert_secret_ref
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref

    @builtins.property
    def endpoint(self) -> builtins.str:
        '''Endpoint is the HTTP/S endpoint of the Security Token Service from where temporary credentials will be fetched.

        :schema: BucketSpecSts#endpoint
        '''
        result = self._values.get("endpoint")
        assert result is not None, "Required property 'endpoint' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def provider(self) -> "BucketSpecStsProvider":
        '''Provider of the Security Token Service.

        :schema: BucketSpecSts#provider
        '''
        result = self._values.get("provider")
        assert result is not None, "Required property 'provider' is missing"
        return typing.cast("BucketSpecStsProvider", result)

    @builtins.property
    def cert_secret_ref(self) -> typing.Optional["BucketSpecStsCertSecretRef"]:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        STS endpoint. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        This field is only supported for the ``ldap`` provider.

        :schema: BucketSpecSts#certSecretRef
        '''
        result = self._values.get("cert_secret_ref")
        return typing.cast(typing.Optional["BucketSpecStsCertSecretRef"], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["BucketSpecStsSecretRef"]:
        '''SecretRef specifies the Secret containing authentication credentials for the STS endpoint.

        This Secret must contain the fields ``username``
        and ``password`` and is supported only for the ``ldap`` provider.

        :schema: BucketSpecSts#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["BucketSpecStsSecretRef"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecSts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecStsCertSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class BucketSpecStsCertSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        STS endpoint. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        This field is only supported for the ``ldap`` provider.

        :param name: Name of the referent.

        :schema: BucketSpecStsCertSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__165432e5202200f100f113eab54af46a1621cc1de577e3209e1e9afe0c1ccfa5)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: BucketSpecStsCertSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecStsCertSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.BucketSpecStsProvider")
class BucketSpecStsProvider(enum.Enum):
    '''Provider of the Security Token Service.

    :schema: BucketSpecStsProvider
    '''

    AWS = "AWS"
    '''aws.'''
    LDAP = "LDAP"
    '''ldap.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.BucketSpecStsSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class BucketSpecStsSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Secret containing authentication credentials for the STS endpoint.

        This Secret must contain the fields ``username``
        and ``password`` and is supported only for the ``ldap`` provider.

        :param name: Name of the referent.

        :schema: BucketSpecStsSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__6e5198e1df75d3eac6aa8bc979a0292aca0bb03be28c094ef970b04d5a307d71)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: BucketSpecStsSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "BucketSpecStsSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class ExternalArtifact(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.ExternalArtifact",
):
    '''ExternalArtifact is the Schema for the external artifacts API.

    :schema: ExternalArtifact
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["ExternalArtifactSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "ExternalArtifact" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: ExternalArtifactSpec defines the desired state of ExternalArtifact.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__61cb24983352b8db1fceb8e6f65eeb3c45001b1939fd88eb427c101ccff8931f)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = ExternalArtifactProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["ExternalArtifactSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "ExternalArtifact".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: ExternalArtifactSpec defines the desired state of ExternalArtifact.
        '''
        props = ExternalArtifactProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "ExternalArtifact".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.ExternalArtifactProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class ExternalArtifactProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["ExternalArtifactSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''ExternalArtifact is the Schema for the external artifacts API.

        :param metadata: 
        :param spec: ExternalArtifactSpec defines the desired state of ExternalArtifact.

        :schema: ExternalArtifact
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = ExternalArtifactSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__dd3e1fc3e16001f66f2a08b19cf8fb2ee27f56a6518fb63b2513c796596c9c2f)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: ExternalArtifact#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["ExternalArtifactSpec"]:
        '''ExternalArtifactSpec defines the desired state of ExternalArtifact.

        :schema: ExternalArtifact#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["ExternalArtifactSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "ExternalArtifactProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.ExternalArtifactSpec",
    jsii_struct_bases=[],
    name_mapping={"source_ref": "sourceRef"},
)
class ExternalArtifactSpec:
    def __init__(
        self,
        *,
        source_ref: typing.Optional[typing.Union["ExternalArtifactSpecSourceRef", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''ExternalArtifactSpec defines the desired state of ExternalArtifact.

        :param source_ref: SourceRef points to the Kubernetes custom resource for which the artifact is generated.

        :schema: ExternalArtifactSpec
        '''
        if isinstance(source_ref, dict):
            source_ref = ExternalArtifactSpecSourceRef(**source_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__46a1884011d3b477dddd6415768c1d24ac58f6cbf89fc87c2a509c96b17446f3)
            check_type(argname="argument source_ref", value=source_ref, expected_type=type_hints["source_ref"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if source_ref is not None:
            self._values["source_ref"] = source_ref

    @builtins.property
    def source_ref(self) -> typing.Optional["ExternalArtifactSpecSourceRef"]:
        '''SourceRef points to the Kubernetes custom resource for which the artifact is generated.

        :schema: ExternalArtifactSpec#sourceRef
        '''
        result = self._values.get("source_ref")
        return typing.cast(typing.Optional["ExternalArtifactSpecSourceRef"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "ExternalArtifactSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.ExternalArtifactSpecSourceRef",
    jsii_struct_bases=[],
    name_mapping={
        "kind": "kind",
        "name": "name",
        "api_version": "apiVersion",
        "namespace": "namespace",
    },
)
class ExternalArtifactSpecSourceRef:
    def __init__(
        self,
        *,
        kind: builtins.str,
        name: builtins.str,
        api_version: typing.Optional[builtins.str] = None,
        namespace: typing.Optional[builtins.str] = None,
    ) -> None:
        '''SourceRef points to the Kubernetes custom resource for which the artifact is generated.

        :param kind: Kind of the referent.
        :param name: Name of the referent.
        :param api_version: API version of the referent, if not specified the Kubernetes preferred version will be used.
        :param namespace: Namespace of the referent, when not specified it acts as LocalObjectReference.

        :schema: ExternalArtifactSpecSourceRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__e83e5d3a6e4a94b355109e88bfc0d78100fe4975ca1d345cae4f545a57bf70c0)
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument api_version", value=api_version, expected_type=type_hints["api_version"])
            check_type(argname="argument namespace", value=namespace, expected_type=type_hints["namespace"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "kind": kind,
            "name": name,
        }
        if api_version is not None:
            self._values["api_version"] = api_version
        if namespace is not None:
            self._values["namespace"] = namespace

    @builtins.property
    def kind(self) -> builtins.str:
        '''Kind of the referent.

        :schema: ExternalArtifactSpecSourceRef#kind
        '''
        result = self._values.get("kind")
        assert result is not None, "Required property 'kind' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: ExternalArtifactSpecSourceRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def api_version(self) -> typing.Optional[builtins.str]:
        '''API version of the referent, if not specified the Kubernetes preferred version will be used.

        :schema: ExternalArtifactSpecSourceRef#apiVersion
        '''
        result = self._values.get("api_version")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def namespace(self) -> typing.Optional[builtins.str]:
        '''Namespace of the referent, when not specified it acts as LocalObjectReference.

        :schema: ExternalArtifactSpecSourceRef#namespace
        '''
        result = self._values.get("namespace")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "ExternalArtifactSpecSourceRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class GitRepository(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.GitRepository",
):
    '''GitRepository is the Schema for the gitrepositories API.

    :schema: GitRepository
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["GitRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "GitRepository" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__394aab6529de2457ed3d920ba48aa93e764fdacf7570167ee9d6165b3aa4f902)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = GitRepositoryProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["GitRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "GitRepository".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.
        '''
        props = GitRepositoryProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "GitRepository".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositoryProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class GitRepositoryProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["GitRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''GitRepository is the Schema for the gitrepositories API.

        :param metadata: 
        :param spec: GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.

        :schema: GitRepository
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = GitRepositorySpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__fe11ee60f507926d93782dd177f323f1e6f3ed6de1f32012ee9c4d3cf6f12054)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: GitRepository#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["GitRepositorySpec"]:
        '''GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.

        :schema: GitRepository#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["GitRepositorySpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositoryProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpec",
    jsii_struct_bases=[],
    name_mapping={
        "interval": "interval",
        "url": "url",
        "ignore": "ignore",
        "include": "include",
        "provider": "provider",
        "proxy_secret_ref": "proxySecretRef",
        "recurse_submodules": "recurseSubmodules",
        "ref": "ref",
        "secret_ref": "secretRef",
        "service_account_name": "serviceAccountName",
        "sparse_checkout": "sparseCheckout",
        "suspend": "suspend",
        "timeout": "timeout",
        "verify": "verify",
    },
)
class GitRepositorySpec:
    def __init__(
        self,
        *,
        interval: builtins.str,
        url: builtins.str,
        ignore: typing.Optional[builtins.str] = None,
        include: typing.Optional[typing.Sequence[typing.Union["GitRepositorySpecInclude", typing.Dict[builtins.str, typing.Any]]]] = None,
        provider: typing.Optional["GitRepositorySpecProvider"] = None,
        proxy_secret_ref: typing.Optional[typing.Union["GitRepositorySpecProxySecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        recurse_submodules: typing.Optional[builtins.bool] = None,
        ref: typing.Optional[typing.Union["GitRepositorySpecRef", typing.Dict[builtins.str, typing.Any]]] = None,
        secret_ref: typing.Optional[typing.Union["GitRepositorySpecSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        service_account_name: typing.Optional[builtins.str] = None,
        sparse_checkout: typing.Optional[typing.Sequence[builtins.str]] = None,
        suspend: typing.Optional[builtins.bool] = None,
        timeout: typing.Optional[builtins.str] = None,
        verify: typing.Optional[typing.Union["GitRepositorySpecVerify", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.

        :param interval: Interval at which the GitRepository URL is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.
        :param url: URL specifies the Git repository URL, it can be an HTTP/S or SSH address.
        :param ignore: Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.
        :param include: Include specifies a list of GitRepository resources which Artifacts should be included in the Artifact produced for this GitRepository.
        :param provider: Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'. When not specified, defaults to 'generic'.
        :param proxy_secret_ref: ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.
        :param recurse_submodules: RecurseSubmodules enables the initialization of all submodules within the GitRepository as cloned from the URL, using their default settings.
        :param ref: Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch.
        :param secret_ref: SecretRef specifies the Secret containing authentication credentials for the GitRepository. For HTTPS repositories the Secret must contain 'username' and 'password' fields for basic auth or 'bearerToken' field for token auth. For SSH repositories the Secret must contain 'identity' and 'known_hosts' fields.
        :param service_account_name: ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the GitRepository. This field is only supported for 'azure' and 'aws' providers.
        :param sparse_checkout: SparseCheckout specifies a list of directories to checkout when cloning the repository. If specified, only these directories are included in the Artifact produced for this GitRepository.
        :param suspend: Suspend tells the controller to suspend the reconciliation of this GitRepository.
        :param timeout: Timeout for Git operations like cloning, defaults to 60s.
        :param verify: Verification specifies the configuration to verify the Git commit signature(s).

        :schema: GitRepositorySpec
        '''
        if isinstance(proxy_secret_ref, dict):
            proxy_secret_ref = GitRepositorySpecProxySecretRef(**proxy_secret_ref)
        if isinstance(ref, dict):
            ref = GitRepositorySpecRef(**ref)
        if isinstance(secret_ref, dict):
            secret_ref = GitRepositorySpecSecretRef(**secret_ref)
        if isinstance(verify, dict):
            verify = GitRepositorySpecVerify(**verify)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2b3468bffff94b8c851518fbbd5834390de69fd30e04fcb5ccc50041f9e1cf33)
            check_type(argname="argument interval", value=interval, expected_type=type_hints["interval"])
            check_type(argname="argument url", value=url, expected_type=type_hints["url"])
            check_type(argname="argument ignore", value=ignore, expected_type=type_hints["ignore"])
            check_type(argname="argument include", value=include, expected_type=type_hints["include"])
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument proxy_secret_ref", value=proxy_secret_ref, expected_type=type_hints["proxy_secret_ref"])
            check_type(argname="argument recurse_submodules", value=recurse_submodules, expected_type=type_hints["recurse_submodules"])
            check_type(argname="argument ref", value=ref, expected_type=type_hints["ref"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument service_account_name", value=service_account_name, expected_type=type_hints["service_account_name"])
            check_type(argname="argument sparse_checkout", value=sparse_checkout, expected_type=type_hints["sparse_checkout"])
            check_type(argname="argument suspend", value=suspend, expected_type=type_hints["suspend"])
            check_type(argname="argument timeout", value=timeout, expected_type=type_hints["timeout"])
            check_type(argname="argument verify", value=verify, expected_type=type_hints["verify"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "interval": interval,
            "url": url,
        }
        if ignore is not None:
            self._values["ignore"] = ignore
        if include is not None:
            self._values["include"] = include
        if provider is not None:
            self._values["provider"] = provider
        if proxy_secret_ref is not None:
            self._values["proxy_secret_ref"] = proxy_secret_ref
        if recurse_submodules is not None:
            self._values["recurse_submodules"] = recurse_submodules
        if ref is not None:
            self._values["ref"] = ref
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref
        if service_account_name is not None:
            self._values["service_account_name"] = service_account_name
        if sparse_checkout is not None:
            self._values["sparse_checkout"] = sparse_checkout
        if suspend is not None:
            self._values["suspend"] = suspend
        if timeout is not None:
            self._values["timeout"] = timeout
        if verify is not None:
            self._values["verify"] = verify

    @builtins.property
    def interval(self) -> builtins.str:
        '''Interval at which the GitRepository URL is checked for updates.

        This interval is approximate and may be subject to jitter to ensure
        efficient use of resources.

        :schema: GitRepositorySpec#interval
        '''
        result = self._values.get("interval")
        assert result is not None, "Required property 'interval' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def url(self) -> builtins.str:
        '''URL specifies the Git repository URL, it can be an HTTP/S or SSH address.

        :schema: GitRepositorySpec#url
        '''
        result = self._values.get("url")
        assert result is not None, "Required property 'url' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def ignore(self) -> typing.Optional[builtins.str]:
        '''Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.

        :schema: GitRepositorySpec#ignore
        '''
        result = self._values.get("ignore")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def include(self) -> typing.Optional[typing.List["GitRepositorySpecInclude"]]:
        '''Include specifies a list of GitRepository resources which Artifacts should be included in the Artifact produced for this GitRepository.

        :schema: GitRepositorySpec#include
        '''
        result = self._values.get("include")
        return typing.cast(typing.Optional[typing.List["GitRepositorySpecInclude"]], result)

    @builtins.property
    def provider(self) -> typing.Optional["GitRepositorySpecProvider"]:
        '''Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'.

        When not specified, defaults to 'generic'.

        :schema: GitRepositorySpec#provider
        '''
        result = self._values.get("provider")
        return typing.cast(typing.Optional["GitRepositorySpecProvider"], result)

    @builtins.property
    def proxy_secret_ref(self) -> typing.Optional["GitRepositorySpecProxySecretRef"]:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.

        :schema: GitRepositorySpec#proxySecretRef
        '''
        result = self._values.get("proxy_secret_ref")
        return typing.cast(typing.Optional["GitRepositorySpecProxySecretRef"], result)

    @builtins.property
    def recurse_submodules(self) -> typing.Optional[builtins.bool]:
        '''RecurseSubmodules enables the initialization of all submodules within the GitRepository as cloned from the URL, using their default settings.

        :schema: GitRepositorySpec#recurseSubmodules
        '''
        result = self._values.get("recurse_submodules")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def ref(self) -> typing.Optional["GitRepositorySpecRef"]:
        '''Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch.

        :schema: GitRepositorySpec#ref
        '''
        result = self._values.get("ref")
        return typing.cast(typing.Optional["GitRepositorySpecRef"], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["GitRepositorySpecSecretRef"]:
        '''SecretRef specifies the Secret containing authentication credentials for the GitRepository.

        For HTTPS repositories the Secret must contain 'username' and 'password'
        fields for basic auth or 'bearerToken' field for token auth.
        For SSH repositories the Secret must contain 'identity'
        and 'known_hosts' fields.

        :schema: GitRepositorySpec#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["GitRepositorySpecSecretRef"], result)

    @builtins.property
    def service_account_name(self) -> typing.Optional[builtins.str]:
        '''ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the GitRepository.

        This field is only supported for 'azure' and 'aws' providers.

        :schema: GitRepositorySpec#serviceAccountName
        '''
        result = self._values.get("service_account_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def sparse_checkout(self) -> typing.Optional[typing.List[builtins.str]]:
        '''SparseCheckout specifies a list of directories to checkout when cloning the repository.

        If specified, only these directories are included in the
        Artifact produced for this GitRepository.

        :schema: GitRepositorySpec#sparseCheckout
        '''
        result = self._values.get("sparse_checkout")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def suspend(self) -> typing.Optional[builtins.bool]:
        '''Suspend tells the controller to suspend the reconciliation of this GitRepository.

        :schema: GitRepositorySpec#suspend
        '''
        result = self._values.get("suspend")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def timeout(self) -> typing.Optional[builtins.str]:
        '''Timeout for Git operations like cloning, defaults to 60s.

        :schema: GitRepositorySpec#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def verify(self) -> typing.Optional["GitRepositorySpecVerify"]:
        '''Verification specifies the configuration to verify the Git commit signature(s).

        :schema: GitRepositorySpec#verify
        '''
        result = self._values.get("verify")
        return typing.cast(typing.Optional["GitRepositorySpecVerify"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecInclude",
    jsii_struct_bases=[],
    name_mapping={
        "repository": "repository",
        "from_path": "fromPath",
        "to_path": "toPath",
    },
)
class GitRepositorySpecInclude:
    def __init__(
        self,
        *,
        repository: typing.Union["GitRepositorySpecIncludeRepository", typing.Dict[builtins.str, typing.Any]],
        from_path: typing.Optional[builtins.str] = None,
        to_path: typing.Optional[builtins.str] = None,
    ) -> None:
        '''GitRepositoryInclude specifies a local reference to a GitRepository which Artifact (sub-)contents must be included, and where they should be placed.

        :param repository: GitRepositoryRef specifies the GitRepository which Artifact contents must be included.
        :param from_path: FromPath specifies the path to copy contents from, defaults to the root of the Artifact.
        :param to_path: ToPath specifies the path to copy contents to, defaults to the name of the GitRepositoryRef.

        :schema: GitRepositorySpecInclude
        '''
        if isinstance(repository, dict):
            repository = GitRepositorySpecIncludeRepository(**repository)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2dc3e05e8ab105fa850f8ca1059324a83cf96171ad1226d7c99f66dd3ca76b21)
            check_type(argname="argument repository", value=repository, expected_type=type_hints["repository"])
            check_type(argname="argument from_path", value=from_path, expected_type=type_hints["from_path"])
            check_type(argname="argument to_path", value=to_path, expected_type=type_hints["to_path"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "repository": repository,
        }
        if from_path is not None:
            self._values["from_path"] = from_path
        if to_path is not None:
            self._values["to_path"] = to_path

    @builtins.property
    def repository(self) -> "GitRepositorySpecIncludeRepository":
        '''GitRepositoryRef specifies the GitRepository which Artifact contents must be included.

        :schema: GitRepositorySpecInclude#repository
        '''
        result = self._values.get("repository")
        assert result is not None, "Required property 'repository' is missing"
        return typing.cast("GitRepositorySpecIncludeRepository", result)

    @builtins.property
    def from_path(self) -> typing.Optional[builtins.str]:
        '''FromPath specifies the path to copy contents from, defaults to the root of the Artifact.

        :schema: GitRepositorySpecInclude#fromPath
        '''
        result = self._values.get("from_path")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def to_path(self) -> typing.Optional[builtins.str]:
        '''ToPath specifies the path to copy contents to, defaults to the name of the GitRepositoryRef.

        :schema: GitRepositorySpecInclude#toPath
        '''
        result = self._values.get("to_path")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecInclude(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecIncludeRepository",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class GitRepositorySpecIncludeRepository:
    def __init__(self, *, name: builtins.str) -> None:
        '''GitRepositoryRef specifies the GitRepository which Artifact contents must be included.

        :param name: Name of the referent.

        :schema: GitRepositorySpecIncludeRepository
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__bd962cc08261983af2cc788c03b3a650325c251a91e020a8521d34b34446dc14)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: GitRepositorySpecIncludeRepository#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecIncludeRepository(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecProvider")
class GitRepositorySpecProvider(enum.Enum):
    '''Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'.

    When not specified, defaults to 'generic'.

    :schema: GitRepositorySpecProvider
    '''

    GENERIC = "GENERIC"
    '''generic.'''
    AWS = "AWS"
    '''aws.'''
    AZURE = "AZURE"
    '''azure.'''
    GITHUB = "GITHUB"
    '''github.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecProxySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class GitRepositorySpecProxySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.

        :param name: Name of the referent.

        :schema: GitRepositorySpecProxySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__777f7cd7153f37bdd1ca1e32c0ddebbfde01f55503b965ee2f46da75813fa298)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: GitRepositorySpecProxySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecProxySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecRef",
    jsii_struct_bases=[],
    name_mapping={
        "branch": "branch",
        "commit": "commit",
        "name": "name",
        "semver": "semver",
        "tag": "tag",
    },
)
class GitRepositorySpecRef:
    def __init__(
        self,
        *,
        branch: typing.Optional[builtins.str] = None,
        commit: typing.Optional[builtins.str] = None,
        name: typing.Optional[builtins.str] = None,
        semver: typing.Optional[builtins.str] = None,
        tag: typing.Optional[builtins.str] = None,
    ) -> None:
        '''Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch.

        :param branch: Branch to check out, defaults to 'master' if no other field is defined.
        :param commit: Commit SHA to check out, takes precedence over all reference fields. This can be combined with Branch to shallow clone the branch, in which the commit is expected to exist.
        :param name: Name of the reference to check out; takes precedence over Branch, Tag and SemVer. It must be a valid Git reference: https://git-scm.com/docs/git-check-ref-format#_description Examples: "refs/heads/main", "refs/tags/v0.1.0", "refs/pull/420/head", "refs/merge-requests/1/head"
        :param semver: SemVer tag expression to check out, takes precedence over Tag.
        :param tag: Tag to check out, takes precedence over Branch.

        :schema: GitRepositorySpecRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__f4b7f520fc0e11671ab95180107cfd62c317f1bc332aa36558865851c80f1d69)
            check_type(argname="argument branch", value=branch, expected_type=type_hints["branch"])
            check_type(argname="argument commit", value=commit, expected_type=type_hints["commit"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument semver", value=semver, expected_type=type_hints["semver"])
            check_type(argname="argument tag", value=tag, expected_type=type_hints["tag"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if branch is not None:
            self._values["branch"] = branch
        if commit is not None:
            self._values["commit"] = commit
        if name is not None:
            self._values["name"] = name
        if semver is not None:
            self._values["semver"] = semver
        if tag is not None:
            self._values["tag"] = tag

    @builtins.property
    def branch(self) -> typing.Optional[builtins.str]:
        '''Branch to check out, defaults to 'master' if no other field is defined.

        :schema: GitRepositorySpecRef#branch
        '''
        result = self._values.get("branch")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def commit(self) -> typing.Optional[builtins.str]:
        '''Commit SHA to check out, takes precedence over all reference fields.

        This can be combined with Branch to shallow clone the branch, in which
        the commit is expected to exist.

        :schema: GitRepositorySpecRef#commit
        '''
        result = self._values.get("commit")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the reference to check out; takes precedence over Branch, Tag and SemVer.

        It must be a valid Git reference: https://git-scm.com/docs/git-check-ref-format#_description
        Examples: "refs/heads/main", "refs/tags/v0.1.0", "refs/pull/420/head", "refs/merge-requests/1/head"

        :schema: GitRepositorySpecRef#name
        '''
        result = self._values.get("name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def semver(self) -> typing.Optional[builtins.str]:
        '''SemVer tag expression to check out, takes precedence over Tag.

        :schema: GitRepositorySpecRef#semver
        '''
        result = self._values.get("semver")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def tag(self) -> typing.Optional[builtins.str]:
        '''Tag to check out, takes precedence over Branch.

        :schema: GitRepositorySpecRef#tag
        '''
        result = self._values.get("tag")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class GitRepositorySpecSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Secret containing authentication credentials for the GitRepository.

        For HTTPS repositories the Secret must contain 'username' and 'password'
        fields for basic auth or 'bearerToken' field for token auth.
        For SSH repositories the Secret must contain 'identity'
        and 'known_hosts' fields.

        :param name: Name of the referent.

        :schema: GitRepositorySpecSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__929994e9680e4e821eaf615e6d4e7b9488f313bd15c7842d3b0362c403c02dfa)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: GitRepositorySpecSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecVerify",
    jsii_struct_bases=[],
    name_mapping={"secret_ref": "secretRef", "mode": "mode"},
)
class GitRepositorySpecVerify:
    def __init__(
        self,
        *,
        secret_ref: typing.Union["GitRepositorySpecVerifySecretRef", typing.Dict[builtins.str, typing.Any]],
        mode: typing.Optional["GitRepositorySpecVerifyMode"] = None,
    ) -> None:
        '''Verification specifies the configuration to verify the Git commit signature(s).

        :param secret_ref: SecretRef specifies the Secret containing the public keys of trusted Git authors. PGP public keys must be stored under keys with the .asc suffix, and SSH public keys must be stored under keys with the .sshpub suffix.
        :param mode: Mode specifies which Git object(s) should be verified. The variants "head" and "HEAD" both imply the same thing, i.e. verify the commit that the HEAD of the Git repository points to. The variant "head" solely exists to ensure backwards compatibility.

        :schema: GitRepositorySpecVerify
        '''
        if isinstance(secret_ref, dict):
            secret_ref = GitRepositorySpecVerifySecretRef(**secret_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__1a79d1f026b76a2182fdc864f1539ef6f120ff05812304b29bb2cf6b8a1cfa9a)
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument mode", value=mode, expected_type=type_hints["mode"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "secret_ref": secret_ref,
        }
        if mode is not None:
            self._values["mode"] = mode

    @builtins.property
    def secret_ref(self) -> "GitRepositorySpecVerifySecretRef":
        '''SecretRef specifies the Secret containing the public keys of trusted Git authors.

        PGP public keys must be stored under keys with the .asc suffix,
        and SSH public keys must be stored under keys with the .sshpub suffix.

        :schema: GitRepositorySpecVerify#secretRef
        '''
        result = self._values.get("secret_ref")
        assert result is not None, "Required property 'secret_ref' is missing"
        return typing.cast("GitRepositorySpecVerifySecretRef", result)

    @builtins.property
    def mode(self) -> typing.Optional["GitRepositorySpecVerifyMode"]:
        '''Mode specifies which Git object(s) should be verified.

        The variants "head" and "HEAD" both imply the same thing, i.e. verify
        the commit that the HEAD of the Git repository points to. The variant
        "head" solely exists to ensure backwards compatibility.

        :schema: GitRepositorySpecVerify#mode
        '''
        result = self._values.get("mode")
        return typing.cast(typing.Optional["GitRepositorySpecVerifyMode"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecVerify(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecVerifyMode")
class GitRepositorySpecVerifyMode(enum.Enum):
    '''Mode specifies which Git object(s) should be verified.

    The variants "head" and "HEAD" both imply the same thing, i.e. verify
    the commit that the HEAD of the Git repository points to. The variant
    "head" solely exists to ensure backwards compatibility.

    :schema: GitRepositorySpecVerifyMode
    '''

    HEAD = "HEAD"
    '''head.'''
    TAG = "TAG"
    '''Tag.'''
    TAG_AND_HEAD = "TAG_AND_HEAD"
    '''TagAndHEAD.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.GitRepositorySpecVerifySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class GitRepositorySpecVerifySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Secret containing the public keys of trusted Git authors.

        PGP public keys must be stored under keys with the .asc suffix,
        and SSH public keys must be stored under keys with the .sshpub suffix.

        :param name: Name of the referent.

        :schema: GitRepositorySpecVerifySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__39bdf1ad727cdbab4ce0202537bff62f3a4560c3441a59c6d4aecb76656a32c2)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: GitRepositorySpecVerifySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "GitRepositorySpecVerifySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class HelmChart(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.HelmChart",
):
    '''HelmChart is the Schema for the helmcharts API.

    :schema: HelmChart
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "HelmChart" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: HelmChartSpec specifies the desired state of a Helm chart.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__83edc3328a4cf3fff3bc78d83d6ee0c94d3745c5fc31c89331ba5e7bddfd2d95)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = HelmChartProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "HelmChart".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: HelmChartSpec specifies the desired state of a Helm chart.
        '''
        props = HelmChartProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "HelmChart".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class HelmChartProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HelmChart is the Schema for the helmcharts API.

        :param metadata: 
        :param spec: HelmChartSpec specifies the desired state of a Helm chart.

        :schema: HelmChart
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = HelmChartSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__7857cf0641709ea801d21687122be3210586d1b3f46f37a603c1d5af42211b46)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: HelmChart#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["HelmChartSpec"]:
        '''HelmChartSpec specifies the desired state of a Helm chart.

        :schema: HelmChart#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["HelmChartSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpec",
    jsii_struct_bases=[],
    name_mapping={
        "chart": "chart",
        "interval": "interval",
        "source_ref": "sourceRef",
        "ignore_missing_values_files": "ignoreMissingValuesFiles",
        "reconcile_strategy": "reconcileStrategy",
        "suspend": "suspend",
        "values_files": "valuesFiles",
        "verify": "verify",
        "version": "version",
    },
)
class HelmChartSpec:
    def __init__(
        self,
        *,
        chart: builtins.str,
        interval: builtins.str,
        source_ref: typing.Union["HelmChartSpecSourceRef", typing.Dict[builtins.str, typing.Any]],
        ignore_missing_values_files: typing.Optional[builtins.bool] = None,
        reconcile_strategy: typing.Optional["HelmChartSpecReconcileStrategy"] = None,
        suspend: typing.Optional[builtins.bool] = None,
        values_files: typing.Optional[typing.Sequence[builtins.str]] = None,
        verify: typing.Optional[typing.Union["HelmChartSpecVerify", typing.Dict[builtins.str, typing.Any]]] = None,
        version: typing.Optional[builtins.str] = None,
    ) -> None:
        '''HelmChartSpec specifies the desired state of a Helm chart.

        :param chart: Chart is the name or path the Helm chart is available at in the SourceRef.
        :param interval: Interval at which the HelmChart SourceRef is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.
        :param source_ref: SourceRef is the reference to the Source the chart is available at.
        :param ignore_missing_values_files: IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.
        :param reconcile_strategy: ReconcileStrategy determines what enables the creation of a new artifact. Valid values are ('ChartVersion', 'Revision'). See the documentation of the values for an explanation on their behavior. Defaults to ChartVersion when omitted. Default: ChartVersion when omitted.
        :param suspend: Suspend tells the controller to suspend the reconciliation of this source.
        :param values_files: ValuesFiles is an alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef. Values files are merged in the order of this list with the last file overriding the first. Ignored when omitted.
        :param verify: Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic. This field is only supported when using HelmRepository source with spec.type 'oci'. Chart dependencies, which are not bundled in the umbrella chart artifact, are not verified.
        :param version: Version is the chart version semver expression, ignored for charts from GitRepository and Bucket sources. Defaults to latest when omitted. Default: latest when omitted.

        :schema: HelmChartSpec
        '''
        if isinstance(source_ref, dict):
            source_ref = HelmChartSpecSourceRef(**source_ref)
        if isinstance(verify, dict):
            verify = HelmChartSpecVerify(**verify)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__9aab699e7b1e647c5dc2ad57a505a61550a65d59abeaa39e260a1fd73c768612)
            check_type(argname="argument chart", value=chart, expected_type=type_hints["chart"])
            check_type(argname="argument interval", value=interval, expected_type=type_hints["interval"])
            check_type(argname="argument source_ref", value=source_ref, expected_type=type_hints["source_ref"])
            check_type(argname="argument ignore_missing_values_files", value=ignore_missing_values_files, expected_type=type_hints["ignore_missing_values_files"])
            check_type(argname="argument reconcile_strategy", value=reconcile_strategy, expected_type=type_hints["reconcile_strategy"])
            check_type(argname="argument suspend", value=suspend, expected_type=type_hints["suspend"])
            check_type(argname="argument values_files", value=values_files, expected_type=type_hints["values_files"])
            check_type(argname="argument verify", value=verify, expected_type=type_hints["verify"])
            check_type(argname="argument version", value=version, expected_type=type_hints["version"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "chart": chart,
            "interval": interval,
            "source_ref": source_ref,
        }
        if ignore_missing_values_files is not None:
            self._values["ignore_missing_values_files"] = ignore_missing_values_files
        if reconcile_strategy is not None:
            self._values["reconcile_strategy"] = reconcile_strategy
        if suspend is not None:
            self._values["suspend"] = suspend
        if values_files is not None:
            self._values["values_files"] = values_files
        if verify is not None:
            self._values["verify"] = verify
        if version is not None:
            self._values["version"] = version

    @builtins.property
    def chart(self) -> builtins.str:
        '''Chart is the name or path the Helm chart is available at in the SourceRef.

        :schema: HelmChartSpec#chart
        '''
        result = self._values.get("chart")
        assert result is not None, "Required property 'chart' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def interval(self) -> builtins.str:
        '''Interval at which the HelmChart SourceRef is checked for updates.

        This interval is approximate and may be subject to jitter to ensure
        efficient use of resources.

        :schema: HelmChartSpec#interval
        '''
        result = self._values.get("interval")
        assert result is not None, "Required property 'interval' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def source_ref(self) -> "HelmChartSpecSourceRef":
        '''SourceRef is the reference to the Source the chart is available at.

        :schema: HelmChartSpec#sourceRef
        '''
        result = self._values.get("source_ref")
        assert result is not None, "Required property 'source_ref' is missing"
        return typing.cast("HelmChartSpecSourceRef", result)

    @builtins.property
    def ignore_missing_values_files(self) -> typing.Optional[builtins.bool]:
        '''IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.

        :schema: HelmChartSpec#ignoreMissingValuesFiles
        '''
        result = self._values.get("ignore_missing_values_files")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def reconcile_strategy(self) -> typing.Optional["HelmChartSpecReconcileStrategy"]:
        '''ReconcileStrategy determines what enables the creation of a new artifact.

        Valid values are ('ChartVersion', 'Revision').
        See the documentation of the values for an explanation on their behavior.
        Defaults to ChartVersion when omitted.

        :default: ChartVersion when omitted.

        :schema: HelmChartSpec#reconcileStrategy
        '''
        result = self._values.get("reconcile_strategy")
        return typing.cast(typing.Optional["HelmChartSpecReconcileStrategy"], result)

    @builtins.property
    def suspend(self) -> typing.Optional[builtins.bool]:
        '''Suspend tells the controller to suspend the reconciliation of this source.

        :schema: HelmChartSpec#suspend
        '''
        result = self._values.get("suspend")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def values_files(self) -> typing.Optional[typing.List[builtins.str]]:
        '''ValuesFiles is an alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef. Values files are merged in the order of this list with the last file overriding the first. Ignored when omitted.

        :schema: HelmChartSpec#valuesFiles
        '''
        result = self._values.get("values_files")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def verify(self) -> typing.Optional["HelmChartSpecVerify"]:
        '''Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.

        This field is only supported when using HelmRepository source with spec.type 'oci'.
        Chart dependencies, which are not bundled in the umbrella chart artifact, are not verified.

        :schema: HelmChartSpec#verify
        '''
        result = self._values.get("verify")
        return typing.cast(typing.Optional["HelmChartSpecVerify"], result)

    @builtins.property
    def version(self) -> typing.Optional[builtins.str]:
        '''Version is the chart version semver expression, ignored for charts from GitRepository and Bucket sources.

        Defaults to latest when omitted.

        :default: latest when omitted.

        :schema: HelmChartSpec#version
        '''
        result = self._values.get("version")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecReconcileStrategy")
class HelmChartSpecReconcileStrategy(enum.Enum):
    '''ReconcileStrategy determines what enables the creation of a new artifact.

    Valid values are ('ChartVersion', 'Revision').
    See the documentation of the values for an explanation on their behavior.
    Defaults to ChartVersion when omitted.

    :default: ChartVersion when omitted.

    :schema: HelmChartSpecReconcileStrategy
    '''

    CHART_VERSION = "CHART_VERSION"
    '''ChartVersion.'''
    REVISION = "REVISION"
    '''Revision.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecSourceRef",
    jsii_struct_bases=[],
    name_mapping={"kind": "kind", "name": "name", "api_version": "apiVersion"},
)
class HelmChartSpecSourceRef:
    def __init__(
        self,
        *,
        kind: "HelmChartSpecSourceRefKind",
        name: builtins.str,
        api_version: typing.Optional[builtins.str] = None,
    ) -> None:
        '''SourceRef is the reference to the Source the chart is available at.

        :param kind: Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket').
        :param name: Name of the referent.
        :param api_version: APIVersion of the referent.

        :schema: HelmChartSpecSourceRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__35632e404b7a655ae585fe9600b00748dc4a82dc004ea445df5b82c6148de961)
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument api_version", value=api_version, expected_type=type_hints["api_version"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "kind": kind,
            "name": name,
        }
        if api_version is not None:
            self._values["api_version"] = api_version

    @builtins.property
    def kind(self) -> "HelmChartSpecSourceRefKind":
        '''Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket').

        :schema: HelmChartSpecSourceRef#kind
        '''
        result = self._values.get("kind")
        assert result is not None, "Required property 'kind' is missing"
        return typing.cast("HelmChartSpecSourceRefKind", result)

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: HelmChartSpecSourceRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def api_version(self) -> typing.Optional[builtins.str]:
        '''APIVersion of the referent.

        :schema: HelmChartSpecSourceRef#apiVersion
        '''
        result = self._values.get("api_version")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSourceRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecSourceRefKind")
class HelmChartSpecSourceRefKind(enum.Enum):
    '''Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket').

    :schema: HelmChartSpecSourceRefKind
    '''

    HELM_REPOSITORY = "HELM_REPOSITORY"
    '''HelmRepository.'''
    GIT_REPOSITORY = "GIT_REPOSITORY"
    '''GitRepository.'''
    BUCKET = "BUCKET"
    '''Bucket.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecVerify",
    jsii_struct_bases=[],
    name_mapping={
        "provider": "provider",
        "match_oidc_identity": "matchOidcIdentity",
        "secret_ref": "secretRef",
    },
)
class HelmChartSpecVerify:
    def __init__(
        self,
        *,
        provider: "HelmChartSpecVerifyProvider",
        match_oidc_identity: typing.Optional[typing.Sequence[typing.Union["HelmChartSpecVerifyMatchOidcIdentity", typing.Dict[builtins.str, typing.Any]]]] = None,
        secret_ref: typing.Optional[typing.Union["HelmChartSpecVerifySecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.

        This field is only supported when using HelmRepository source with spec.type 'oci'.
        Chart dependencies, which are not bundled in the umbrella chart artifact, are not verified.

        :param provider: Provider specifies the technology used to sign the OCI Artifact.
        :param match_oidc_identity: MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing. The artifact's identity is deemed to be verified if any of the specified matchers match against the identity.
        :param secret_ref: SecretRef specifies the Kubernetes Secret containing the trusted public keys.

        :schema: HelmChartSpecVerify
        '''
        if isinstance(secret_ref, dict):
            secret_ref = HelmChartSpecVerifySecretRef(**secret_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__d28184a486fa7680e7e6ae8adb8c571776d25d52be981229dcd26ba891426dc9)
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument match_oidc_identity", value=match_oidc_identity, expected_type=type_hints["match_oidc_identity"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "provider": provider,
        }
        if match_oidc_identity is not None:
            self._values["match_oidc_identity"] = match_oidc_identity
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref

    @builtins.property
    def provider(self) -> "HelmChartSpecVerifyProvider":
        '''Provider specifies the technology used to sign the OCI Artifact.

        :schema: HelmChartSpecVerify#provider
        '''
        result = self._values.get("provider")
        assert result is not None, "Required property 'provider' is missing"
        return typing.cast("HelmChartSpecVerifyProvider", result)

    @builtins.property
    def match_oidc_identity(
        self,
    ) -> typing.Optional[typing.List["HelmChartSpecVerifyMatchOidcIdentity"]]:
        '''MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing.

        The artifact's identity is deemed to be verified if any of the
        specified matchers match against the identity.

        :schema: HelmChartSpecVerify#matchOIDCIdentity
        '''
        result = self._values.get("match_oidc_identity")
        return typing.cast(typing.Optional[typing.List["HelmChartSpecVerifyMatchOidcIdentity"]], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["HelmChartSpecVerifySecretRef"]:
        '''SecretRef specifies the Kubernetes Secret containing the trusted public keys.

        :schema: HelmChartSpecVerify#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["HelmChartSpecVerifySecretRef"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecVerify(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecVerifyMatchOidcIdentity",
    jsii_struct_bases=[],
    name_mapping={"issuer": "issuer", "subject": "subject"},
)
class HelmChartSpecVerifyMatchOidcIdentity:
    def __init__(self, *, issuer: builtins.str, subject: builtins.str) -> None:
        '''OIDCIdentityMatch specifies options for verifying the certificate identity, i.e. the issuer and the subject of the certificate.

        :param issuer: Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate. The pattern must be a valid Go regular expression.
        :param subject: Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate. The pattern must be a valid Go regular expression.

        :schema: HelmChartSpecVerifyMatchOidcIdentity
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__910591eafa8faf63e4666868a0daf6fc555c2a6fd5e51cf5fd907f9c7bffcacf)
            check_type(argname="argument issuer", value=issuer, expected_type=type_hints["issuer"])
            check_type(argname="argument subject", value=subject, expected_type=type_hints["subject"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "issuer": issuer,
            "subject": subject,
        }

    @builtins.property
    def issuer(self) -> builtins.str:
        '''Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate.

        The pattern must be a
        valid Go regular expression.

        :schema: HelmChartSpecVerifyMatchOidcIdentity#issuer
        '''
        result = self._values.get("issuer")
        assert result is not None, "Required property 'issuer' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def subject(self) -> builtins.str:
        '''Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate.

        The pattern must
        be a valid Go regular expression.

        :schema: HelmChartSpecVerifyMatchOidcIdentity#subject
        '''
        result = self._values.get("subject")
        assert result is not None, "Required property 'subject' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecVerifyMatchOidcIdentity(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecVerifyProvider")
class HelmChartSpecVerifyProvider(enum.Enum):
    '''Provider specifies the technology used to sign the OCI Artifact.

    :schema: HelmChartSpecVerifyProvider
    '''

    COSIGN = "COSIGN"
    '''cosign.'''
    NOTATION = "NOTATION"
    '''notation.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmChartSpecVerifySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmChartSpecVerifySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Kubernetes Secret containing the trusted public keys.

        :param name: Name of the referent.

        :schema: HelmChartSpecVerifySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__1d39f1e5ea53ce784de14a9e3c5f30611dc9fc3c83674ba0e9fabf4d9a623b1b)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: HelmChartSpecVerifySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecVerifySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class HelmRepository(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepository",
):
    '''HelmRepository is the Schema for the helmrepositories API.

    :schema: HelmRepository
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "HelmRepository" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__f7b947f4aa6fbe87ac18c772b789ec55b17bd1f8c06ef4631937e4d632b8afac)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = HelmRepositoryProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "HelmRepository".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.
        '''
        props = HelmRepositoryProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "HelmRepository".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositoryProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class HelmRepositoryProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HelmRepository is the Schema for the helmrepositories API.

        :param metadata: 
        :param spec: HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.

        :schema: HelmRepository
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = HelmRepositorySpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__e8b07a4f9bf9a9b9c007c454d8b718095e49218b48fec0f64a22e5b0f4fe3a71)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: HelmRepository#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["HelmRepositorySpec"]:
        '''HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.

        :schema: HelmRepository#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["HelmRepositorySpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositoryProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpec",
    jsii_struct_bases=[],
    name_mapping={
        "url": "url",
        "access_from": "accessFrom",
        "cert_secret_ref": "certSecretRef",
        "insecure": "insecure",
        "interval": "interval",
        "pass_credentials": "passCredentials",
        "provider": "provider",
        "secret_ref": "secretRef",
        "suspend": "suspend",
        "timeout": "timeout",
        "type": "type",
    },
)
class HelmRepositorySpec:
    def __init__(
        self,
        *,
        url: builtins.str,
        access_from: typing.Optional[typing.Union["HelmRepositorySpecAccessFrom", typing.Dict[builtins.str, typing.Any]]] = None,
        cert_secret_ref: typing.Optional[typing.Union["HelmRepositorySpecCertSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        insecure: typing.Optional[builtins.bool] = None,
        interval: typing.Optional[builtins.str] = None,
        pass_credentials: typing.Optional[builtins.bool] = None,
        provider: typing.Optional["HelmRepositorySpecProvider"] = None,
        secret_ref: typing.Optional[typing.Union["HelmRepositorySpecSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        suspend: typing.Optional[builtins.bool] = None,
        timeout: typing.Optional[builtins.str] = None,
        type: typing.Optional["HelmRepositorySpecType"] = None,
    ) -> None:
        '''HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.

        :param url: URL of the Helm repository, a valid URL contains at least a protocol and host.
        :param access_from: AccessFrom specifies an Access Control List for allowing cross-namespace references to this object. NOTE: Not implemented, provisional as of https://github.com/fluxcd/flux2/pull/2092
        :param cert_secret_ref: CertSecretRef can be given the name of a Secret containing either or both of. - a PEM-encoded client certificate (``tls.crt``) and private key (``tls.key``); - a PEM-encoded CA certificate (``ca.crt``) and whichever are supplied, will be used for connecting to the registry. The client cert and key are useful if you are authenticating with a certificate; the CA cert is useful if you are using a self-signed server certificate. The Secret must be of type ``Opaque`` or ``kubernetes.io/tls``. It takes precedence over the values specified in the Secret referred to by ``.spec.secretRef``.
        :param insecure: Insecure allows connecting to a non-TLS HTTP container registry. This field is only taken into account if the .spec.type field is set to 'oci'.
        :param interval: Interval at which the HelmRepository URL is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.
        :param pass_credentials: PassCredentials allows the credentials from the SecretRef to be passed on to a host that does not match the host as defined in URL. This may be required if the host of the advertised chart URLs in the index differ from the defined URL. Enabling this should be done with caution, as it can potentially result in credentials getting stolen in a MITM-attack.
        :param provider: Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. This field is optional, and only taken into account if the .spec.type field is set to 'oci'. When not specified, defaults to 'generic'.
        :param secret_ref: SecretRef specifies the Secret containing authentication credentials for the HelmRepository. For HTTP/S basic auth the secret must contain 'username' and 'password' fields. Support for TLS auth using the 'certFile' and 'keyFile', and/or 'caFile' keys is deprecated. Please use ``.spec.certSecretRef`` instead.
        :param suspend: Suspend tells the controller to suspend the reconciliation of this HelmRepository.
        :param timeout: Timeout is used for the index fetch operation for an HTTPS helm repository, and for remote OCI Repository operations like pulling for an OCI helm chart by the associated HelmChart. Its default value is 60s.
        :param type: Type of the HelmRepository. When this field is set to "oci", the URL field value must be prefixed with "oci://".

        :schema: HelmRepositorySpec
        '''
        if isinstance(access_from, dict):
            access_from = HelmRepositorySpecAccessFrom(**access_from)
        if isinstance(cert_secret_ref, dict):
            cert_secret_ref = HelmRepositorySpecCertSecretRef(**cert_secret_ref)
        if isinstance(secret_ref, dict):
            secret_ref = HelmRepositorySpecSecretRef(**secret_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__6c8ba6540b11c45b647d29fc53394ec2d5d0e895900b0677af16bb4e5a365f6f)
            check_type(argname="argument url", value=url, expected_type=type_hints["url"])
            check_type(argname="argument access_from", value=access_from, expected_type=type_hints["access_from"])
            check_type(argname="argument cert_secret_ref", value=cert_secret_ref, expected_type=type_hints["cert_secret_ref"])
            check_type(argname="argument insecure", value=insecure, expected_type=type_hints["insecure"])
            check_type(argname="argument interval", value=interval, expected_type=type_hints["interval"])
            check_type(argname="argument pass_credentials", value=pass_credentials, expected_type=type_hints["pass_credentials"])
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument suspend", value=suspend, expected_type=type_hints["suspend"])
            check_type(argname="argument timeout", value=timeout, expected_type=type_hints["timeout"])
            check_type(argname="argument type", value=type, expected_type=type_hints["type"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "url": url,
        }
        if access_from is not None:
            self._values["access_from"] = access_from
        if cert_secret_ref is not None:
            self._values["cert_secret_ref"] = cert_secret_ref
        if insecure is not None:
            self._values["insecure"] = insecure
        if interval is not None:
            self._values["interval"] = interval
        if pass_credentials is not None:
            self._values["pass_credentials"] = pass_credentials
        if provider is not None:
            self._values["provider"] = provider
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref
        if suspend is not None:
            self._values["suspend"] = suspend
        if timeout is not None:
            self._values["timeout"] = timeout
        if type is not None:
            self._values["type"] = type

    @builtins.property
    def url(self) -> builtins.str:
        '''URL of the Helm repository, a valid URL contains at least a protocol and host.

        :schema: HelmRepositorySpec#url
        '''
        result = self._values.get("url")
        assert result is not None, "Required property 'url' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def access_from(self) -> typing.Optional["HelmRepositorySpecAccessFrom"]:
        '''AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.

        NOTE: Not implemented, provisional as of https://github.com/fluxcd/flux2/pull/2092

        :schema: HelmRepositorySpec#accessFrom
        '''
        result = self._values.get("access_from")
        return typing.cast(typing.Optional["HelmRepositorySpecAccessFrom"], result)

    @builtins.property
    def cert_secret_ref(self) -> typing.Optional["HelmRepositorySpecCertSecretRef"]:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        registry. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        It takes precedence over the values specified in the Secret referred
        to by ``.spec.secretRef``.

        :schema: HelmRepositorySpec#certSecretRef
        '''
        result = self._values.get("cert_secret_ref")
        return typing.cast(typing.Optional["HelmRepositorySpecCertSecretRef"], result)

    @builtins.property
    def insecure(self) -> typing.Optional[builtins.bool]:
        '''Insecure allows connecting to a non-TLS HTTP container registry.

        This field is only taken into account if the .spec.type field is set to 'oci'.

        :schema: HelmRepositorySpec#insecure
        '''
        result = self._values.get("insecure")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def interval(self) -> typing.Optional[builtins.str]:
        '''Interval at which the HelmRepository URL is checked for updates.

        This interval is approximate and may be subject to jitter to ensure
        efficient use of resources.

        :schema: HelmRepositorySpec#interval
        '''
        result = self._values.get("interval")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def pass_credentials(self) -> typing.Optional[builtins.bool]:
        '''PassCredentials allows the credentials from the SecretRef to be passed on to a host that does not match the host as defined in URL.

        This may be required if the host of the advertised chart URLs in the
        index differ from the defined URL.
        Enabling this should be done with caution, as it can potentially result
        in credentials getting stolen in a MITM-attack.

        :schema: HelmRepositorySpec#passCredentials
        '''
        result = self._values.get("pass_credentials")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def provider(self) -> typing.Optional["HelmRepositorySpecProvider"]:
        '''Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.

        This field is optional, and only taken into account if the .spec.type field is set to 'oci'.
        When not specified, defaults to 'generic'.

        :schema: HelmRepositorySpec#provider
        '''
        result = self._values.get("provider")
        return typing.cast(typing.Optional["HelmRepositorySpecProvider"], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["HelmRepositorySpecSecretRef"]:
        '''SecretRef specifies the Secret containing authentication credentials for the HelmRepository.

        For HTTP/S basic auth the secret must contain 'username' and 'password'
        fields.
        Support for TLS auth using the 'certFile' and 'keyFile', and/or 'caFile'
        keys is deprecated. Please use ``.spec.certSecretRef`` instead.

        :schema: HelmRepositorySpec#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["HelmRepositorySpecSecretRef"], result)

    @builtins.property
    def suspend(self) -> typing.Optional[builtins.bool]:
        '''Suspend tells the controller to suspend the reconciliation of this HelmRepository.

        :schema: HelmRepositorySpec#suspend
        '''
        result = self._values.get("suspend")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def timeout(self) -> typing.Optional[builtins.str]:
        '''Timeout is used for the index fetch operation for an HTTPS helm repository, and for remote OCI Repository operations like pulling for an OCI helm chart by the associated HelmChart.

        Its default value is 60s.

        :schema: HelmRepositorySpec#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def type(self) -> typing.Optional["HelmRepositorySpecType"]:
        '''Type of the HelmRepository.

        When this field is set to  "oci", the URL field value must be prefixed with "oci://".

        :schema: HelmRepositorySpec#type
        '''
        result = self._values.get("type")
        return typing.cast(typing.Optional["HelmRepositorySpecType"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositorySpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecAccessFrom",
    jsii_struct_bases=[],
    name_mapping={"namespace_selectors": "namespaceSelectors"},
)
class HelmRepositorySpecAccessFrom:
    def __init__(
        self,
        *,
        namespace_selectors: typing.Sequence[typing.Union["HelmRepositorySpecAccessFromNamespaceSelectors", typing.Dict[builtins.str, typing.Any]]],
    ) -> None:
        '''AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.

        NOTE: Not implemented, provisional as of https://github.com/fluxcd/flux2/pull/2092

        :param namespace_selectors: NamespaceSelectors is the list of namespace selectors to which this ACL applies. Items in this list are evaluated using a logical OR operation.

        :schema: HelmRepositorySpecAccessFrom
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__36c7914ccdca6cc1a345d8b1072f4de77cba0c51f8f0207136bef747b7551a59)
            check_type(argname="argument namespace_selectors", value=namespace_selectors, expected_type=type_hints["namespace_selectors"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "namespace_selectors": namespace_selectors,
        }

    @builtins.property
    def namespace_selectors(
        self,
    ) -> typing.List["HelmRepositorySpecAccessFromNamespaceSelectors"]:
        '''NamespaceSelectors is the list of namespace selectors to which this ACL applies.

        Items in this list are evaluated using a logical OR operation.

        :schema: HelmRepositorySpecAccessFrom#namespaceSelectors
        '''
        result = self._values.get("namespace_selectors")
        assert result is not None, "Required property 'namespace_selectors' is missing"
        return typing.cast(typing.List["HelmRepositorySpecAccessFromNamespaceSelectors"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositorySpecAccessFrom(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecAccessFromNamespaceSelectors",
    jsii_struct_bases=[],
    name_mapping={"match_labels": "matchLabels"},
)
class HelmRepositorySpecAccessFromNamespaceSelectors:
    def __init__(
        self,
        *,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''NamespaceSelector selects the namespaces to which this ACL applies.

        An empty map of MatchLabels matches all namespaces in a cluster.

        :param match_labels: MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: HelmRepositorySpecAccessFromNamespaceSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__9eeb869b2c5def8049c6cf1d95d73d1a9a1d0e7478b1736793df769d0e302042)
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''MatchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: HelmRepositorySpecAccessFromNamespaceSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositorySpecAccessFromNamespaceSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecCertSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmRepositorySpecCertSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        registry. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        It takes precedence over the values specified in the Secret referred
        to by ``.spec.secretRef``.

        :param name: Name of the referent.

        :schema: HelmRepositorySpecCertSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__231134ef8cb41af9ccabf0b9a46355042cf0787f0db68b51a456db619e22c506)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: HelmRepositorySpecCertSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositorySpecCertSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecProvider")
class HelmRepositorySpecProvider(enum.Enum):
    '''Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.

    This field is optional, and only taken into account if the .spec.type field is set to 'oci'.
    When not specified, defaults to 'generic'.

    :schema: HelmRepositorySpecProvider
    '''

    GENERIC = "GENERIC"
    '''generic.'''
    AWS = "AWS"
    '''aws.'''
    AZURE = "AZURE"
    '''azure.'''
    GCP = "GCP"
    '''gcp.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmRepositorySpecSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Secret containing authentication credentials for the HelmRepository.

        For HTTP/S basic auth the secret must contain 'username' and 'password'
        fields.
        Support for TLS auth using the 'certFile' and 'keyFile', and/or 'caFile'
        keys is deprecated. Please use ``.spec.certSecretRef`` instead.

        :param name: Name of the referent.

        :schema: HelmRepositorySpecSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c5133fe327b84cbc2e9374b3d3fa5c9e9103aa154f3ff922b986f1b7945e3c1c)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: HelmRepositorySpecSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmRepositorySpecSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.HelmRepositorySpecType")
class HelmRepositorySpecType(enum.Enum):
    '''Type of the HelmRepository.

    When this field is set to  "oci", the URL field value must be prefixed with "oci://".

    :schema: HelmRepositorySpecType
    '''

    DEFAULT = "DEFAULT"
    '''default.'''
    OCI = "OCI"
    '''oci.'''


class OciRepository(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="flux_iofluxcdtoolkitsource.OciRepository",
):
    '''OCIRepository is the Schema for the ocirepositories API.

    :schema: OCIRepository
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["OciRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "OCIRepository" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: OCIRepositorySpec defines the desired state of OCIRepository.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c961605113854c7b43761262e2477281a74ca83d3ef144b4c260ae4a17a1b63d)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = OciRepositoryProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["OciRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "OCIRepository".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: OCIRepositorySpec defines the desired state of OCIRepository.
        '''
        props = OciRepositoryProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "OCIRepository".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositoryProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class OciRepositoryProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["OciRepositorySpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''OCIRepository is the Schema for the ocirepositories API.

        :param metadata: 
        :param spec: OCIRepositorySpec defines the desired state of OCIRepository.

        :schema: OCIRepository
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = OciRepositorySpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2309858e66e389f209e9e69a8169cab5465abc0aa1308ce2561a43d0ec6f4b16)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: OCIRepository#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["OciRepositorySpec"]:
        '''OCIRepositorySpec defines the desired state of OCIRepository.

        :schema: OCIRepository#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["OciRepositorySpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositoryProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpec",
    jsii_struct_bases=[],
    name_mapping={
        "interval": "interval",
        "url": "url",
        "cert_secret_ref": "certSecretRef",
        "ignore": "ignore",
        "insecure": "insecure",
        "layer_selector": "layerSelector",
        "provider": "provider",
        "proxy_secret_ref": "proxySecretRef",
        "ref": "ref",
        "secret_ref": "secretRef",
        "service_account_name": "serviceAccountName",
        "suspend": "suspend",
        "timeout": "timeout",
        "verify": "verify",
    },
)
class OciRepositorySpec:
    def __init__(
        self,
        *,
        interval: builtins.str,
        url: builtins.str,
        cert_secret_ref: typing.Optional[typing.Union["OciRepositorySpecCertSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        ignore: typing.Optional[builtins.str] = None,
        insecure: typing.Optional[builtins.bool] = None,
        layer_selector: typing.Optional[typing.Union["OciRepositorySpecLayerSelector", typing.Dict[builtins.str, typing.Any]]] = None,
        provider: typing.Optional["OciRepositorySpecProvider"] = None,
        proxy_secret_ref: typing.Optional[typing.Union["OciRepositorySpecProxySecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        ref: typing.Optional[typing.Union["OciRepositorySpecRef", typing.Dict[builtins.str, typing.Any]]] = None,
        secret_ref: typing.Optional[typing.Union["OciRepositorySpecSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        service_account_name: typing.Optional[builtins.str] = None,
        suspend: typing.Optional[builtins.bool] = None,
        timeout: typing.Optional[builtins.str] = None,
        verify: typing.Optional[typing.Union["OciRepositorySpecVerify", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''OCIRepositorySpec defines the desired state of OCIRepository.

        :param interval: Interval at which the OCIRepository URL is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.
        :param url: URL is a reference to an OCI artifact repository hosted on a remote container registry.
        :param cert_secret_ref: CertSecretRef can be given the name of a Secret containing either or both of. - a PEM-encoded client certificate (``tls.crt``) and private key (``tls.key``); - a PEM-encoded CA certificate (``ca.crt``) and whichever are supplied, will be used for connecting to the registry. The client cert and key are useful if you are authenticating with a certificate; the CA cert is useful if you are using a self-signed server certificate. The Secret must be of type ``Opaque`` or ``kubernetes.io/tls``.
        :param ignore: Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.
        :param insecure: Insecure allows connecting to a non-TLS HTTP container registry.
        :param layer_selector: LayerSelector specifies which layer should be extracted from the OCI artifact. When not specified, the first layer found in the artifact is selected.
        :param provider: The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. When not specified, defaults to 'generic'.
        :param proxy_secret_ref: ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the container registry.
        :param ref: The OCI reference to pull and monitor for changes, defaults to the latest tag.
        :param secret_ref: SecretRef contains the secret name containing the registry login credentials to resolve image metadata. The secret must be of type kubernetes.io/dockerconfigjson.
        :param service_account_name: ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image pull if the service account has attached pull secrets. For more information: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account
        :param suspend: This flag tells the controller to suspend the reconciliation of this source.
        :param timeout: The timeout for remote OCI Repository operations like pulling, defaults to 60s.
        :param verify: Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.

        :schema: OciRepositorySpec
        '''
        if isinstance(cert_secret_ref, dict):
            cert_secret_ref = OciRepositorySpecCertSecretRef(**cert_secret_ref)
        if isinstance(layer_selector, dict):
            layer_selector = OciRepositorySpecLayerSelector(**layer_selector)
        if isinstance(proxy_secret_ref, dict):
            proxy_secret_ref = OciRepositorySpecProxySecretRef(**proxy_secret_ref)
        if isinstance(ref, dict):
            ref = OciRepositorySpecRef(**ref)
        if isinstance(secret_ref, dict):
            secret_ref = OciRepositorySpecSecretRef(**secret_ref)
        if isinstance(verify, dict):
            verify = OciRepositorySpecVerify(**verify)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__57d6cf8263124312a22b130e65ac4452aa7b0f180c39dd3b83bd118f314be2b2)
            check_type(argname="argument interval", value=interval, expected_type=type_hints["interval"])
            check_type(argname="argument url", value=url, expected_type=type_hints["url"])
            check_type(argname="argument cert_secret_ref", value=cert_secret_ref, expected_type=type_hints["cert_secret_ref"])
            check_type(argname="argument ignore", value=ignore, expected_type=type_hints["ignore"])
            check_type(argname="argument insecure", value=insecure, expected_type=type_hints["insecure"])
            check_type(argname="argument layer_selector", value=layer_selector, expected_type=type_hints["layer_selector"])
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument proxy_secret_ref", value=proxy_secret_ref, expected_type=type_hints["proxy_secret_ref"])
            check_type(argname="argument ref", value=ref, expected_type=type_hints["ref"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument service_account_name", value=service_account_name, expected_type=type_hints["service_account_name"])
            check_type(argname="argument suspend", value=suspend, expected_type=type_hints["suspend"])
            check_type(argname="argument timeout", value=timeout, expected_type=type_hints["timeout"])
            check_type(argname="argument verify", value=verify, expected_type=type_hints["verify"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "interval": interval,
            "url": url,
        }
        if cert_secret_ref is not None:
            self._values["cert_secret_ref"] = cert_secret_ref
        if ignore is not None:
            self._values["ignore"] = ignore
        if insecure is not None:
            self._values["insecure"] = insecure
        if layer_selector is not None:
            self._values["layer_selector"] = layer_selector
        if provider is not None:
            self._values["provider"] = provider
        if proxy_secret_ref is not None:
            self._values["proxy_secret_ref"] = proxy_secret_ref
        if ref is not None:
            self._values["ref"] = ref
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref
        if service_account_name is not None:
            self._values["service_account_name"] = service_account_name
        if suspend is not None:
            self._values["suspend"] = suspend
        if timeout is not None:
            self._values["timeout"] = timeout
        if verify is not None:
            self._values["verify"] = verify

    @builtins.property
    def interval(self) -> builtins.str:
        '''Interval at which the OCIRepository URL is checked for updates.

        This interval is approximate and may be subject to jitter to ensure
        efficient use of resources.

        :schema: OciRepositorySpec#interval
        '''
        result = self._values.get("interval")
        assert result is not None, "Required property 'interval' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def url(self) -> builtins.str:
        '''URL is a reference to an OCI artifact repository hosted on a remote container registry.

        :schema: OciRepositorySpec#url
        '''
        result = self._values.get("url")
        assert result is not None, "Required property 'url' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def cert_secret_ref(self) -> typing.Optional["OciRepositorySpecCertSecretRef"]:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        registry. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        :schema: OciRepositorySpec#certSecretRef
        '''
        result = self._values.get("cert_secret_ref")
        return typing.cast(typing.Optional["OciRepositorySpecCertSecretRef"], result)

    @builtins.property
    def ignore(self) -> typing.Optional[builtins.str]:
        '''Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.

        :schema: OciRepositorySpec#ignore
        '''
        result = self._values.get("ignore")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def insecure(self) -> typing.Optional[builtins.bool]:
        '''Insecure allows connecting to a non-TLS HTTP container registry.

        :schema: OciRepositorySpec#insecure
        '''
        result = self._values.get("insecure")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def layer_selector(self) -> typing.Optional["OciRepositorySpecLayerSelector"]:
        '''LayerSelector specifies which layer should be extracted from the OCI artifact.

        When not specified, the first layer found in the artifact is selected.

        :schema: OciRepositorySpec#layerSelector
        '''
        result = self._values.get("layer_selector")
        return typing.cast(typing.Optional["OciRepositorySpecLayerSelector"], result)

    @builtins.property
    def provider(self) -> typing.Optional["OciRepositorySpecProvider"]:
        '''The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.

        When not specified, defaults to 'generic'.

        :schema: OciRepositorySpec#provider
        '''
        result = self._values.get("provider")
        return typing.cast(typing.Optional["OciRepositorySpecProvider"], result)

    @builtins.property
    def proxy_secret_ref(self) -> typing.Optional["OciRepositorySpecProxySecretRef"]:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the container registry.

        :schema: OciRepositorySpec#proxySecretRef
        '''
        result = self._values.get("proxy_secret_ref")
        return typing.cast(typing.Optional["OciRepositorySpecProxySecretRef"], result)

    @builtins.property
    def ref(self) -> typing.Optional["OciRepositorySpecRef"]:
        '''The OCI reference to pull and monitor for changes, defaults to the latest tag.

        :schema: OciRepositorySpec#ref
        '''
        result = self._values.get("ref")
        return typing.cast(typing.Optional["OciRepositorySpecRef"], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["OciRepositorySpecSecretRef"]:
        '''SecretRef contains the secret name containing the registry login credentials to resolve image metadata.

        The secret must be of type kubernetes.io/dockerconfigjson.

        :schema: OciRepositorySpec#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["OciRepositorySpecSecretRef"], result)

    @builtins.property
    def service_account_name(self) -> typing.Optional[builtins.str]:
        '''ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image pull if the service account has attached pull secrets.

        For more information:
        https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account

        :schema: OciRepositorySpec#serviceAccountName
        '''
        result = self._values.get("service_account_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def suspend(self) -> typing.Optional[builtins.bool]:
        '''This flag tells the controller to suspend the reconciliation of this source.

        :schema: OciRepositorySpec#suspend
        '''
        result = self._values.get("suspend")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def timeout(self) -> typing.Optional[builtins.str]:
        '''The timeout for remote OCI Repository operations like pulling, defaults to 60s.

        :schema: OciRepositorySpec#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def verify(self) -> typing.Optional["OciRepositorySpecVerify"]:
        '''Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.

        :schema: OciRepositorySpec#verify
        '''
        result = self._values.get("verify")
        return typing.cast(typing.Optional["OciRepositorySpecVerify"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecCertSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class OciRepositorySpecCertSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''CertSecretRef can be given the name of a Secret containing either or both of.

        - a PEM-encoded client certificate (``tls.crt``) and private
          key (``tls.key``);
        - a PEM-encoded CA certificate (``ca.crt``)

        and whichever are supplied, will be used for connecting to the
        registry. The client cert and key are useful if you are
        authenticating with a certificate; the CA cert is useful if
        you are using a self-signed server certificate. The Secret must
        be of type ``Opaque`` or ``kubernetes.io/tls``.

        :param name: Name of the referent.

        :schema: OciRepositorySpecCertSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__bfcb6d0269c9b98628206aa25afdd1e3dd4ac26392982433c69b59bf4038bfd2)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: OciRepositorySpecCertSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecCertSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecLayerSelector",
    jsii_struct_bases=[],
    name_mapping={"media_type": "mediaType", "operation": "operation"},
)
class OciRepositorySpecLayerSelector:
    def __init__(
        self,
        *,
        media_type: typing.Optional[builtins.str] = None,
        operation: typing.Optional["OciRepositorySpecLayerSelectorOperation"] = None,
    ) -> None:
        '''LayerSelector specifies which layer should be extracted from the OCI artifact.

        When not specified, the first layer found in the artifact is selected.

        :param media_type: MediaType specifies the OCI media type of the layer which should be extracted from the OCI Artifact. The first layer matching this type is selected.
        :param operation: Operation specifies how the selected layer should be processed. By default, the layer compressed content is extracted to storage. When the operation is set to 'copy', the layer compressed content is persisted to storage as it is.

        :schema: OciRepositorySpecLayerSelector
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c61778ced974111a6e952e2defa305762675838fe822b5e8aaef1d83f59c2adb)
            check_type(argname="argument media_type", value=media_type, expected_type=type_hints["media_type"])
            check_type(argname="argument operation", value=operation, expected_type=type_hints["operation"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if media_type is not None:
            self._values["media_type"] = media_type
        if operation is not None:
            self._values["operation"] = operation

    @builtins.property
    def media_type(self) -> typing.Optional[builtins.str]:
        '''MediaType specifies the OCI media type of the layer which should be extracted from the OCI Artifact.

        The
        first layer matching this type is selected.

        :schema: OciRepositorySpecLayerSelector#mediaType
        '''
        result = self._values.get("media_type")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def operation(self) -> typing.Optional["OciRepositorySpecLayerSelectorOperation"]:
        '''Operation specifies how the selected layer should be processed.

        By default, the layer compressed content is extracted to storage.
        When the operation is set to 'copy', the layer compressed content
        is persisted to storage as it is.

        :schema: OciRepositorySpecLayerSelector#operation
        '''
        result = self._values.get("operation")
        return typing.cast(typing.Optional["OciRepositorySpecLayerSelectorOperation"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecLayerSelector(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecLayerSelectorOperation"
)
class OciRepositorySpecLayerSelectorOperation(enum.Enum):
    '''Operation specifies how the selected layer should be processed.

    By default, the layer compressed content is extracted to storage.
    When the operation is set to 'copy', the layer compressed content
    is persisted to storage as it is.

    :schema: OciRepositorySpecLayerSelectorOperation
    '''

    EXTRACT = "EXTRACT"
    '''extract.'''
    COPY = "COPY"
    '''copy.'''


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecProvider")
class OciRepositorySpecProvider(enum.Enum):
    '''The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.

    When not specified, defaults to 'generic'.

    :schema: OciRepositorySpecProvider
    '''

    GENERIC = "GENERIC"
    '''generic.'''
    AWS = "AWS"
    '''aws.'''
    AZURE = "AZURE"
    '''azure.'''
    GCP = "GCP"
    '''gcp.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecProxySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class OciRepositorySpecProxySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the container registry.

        :param name: Name of the referent.

        :schema: OciRepositorySpecProxySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__fe6629ea961167435a10ef16a6bc41383ef3fda502e3e3becd726b361d19e3e9)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: OciRepositorySpecProxySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecProxySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecRef",
    jsii_struct_bases=[],
    name_mapping={
        "digest": "digest",
        "semver": "semver",
        "semver_filter": "semverFilter",
        "tag": "tag",
    },
)
class OciRepositorySpecRef:
    def __init__(
        self,
        *,
        digest: typing.Optional[builtins.str] = None,
        semver: typing.Optional[builtins.str] = None,
        semver_filter: typing.Optional[builtins.str] = None,
        tag: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The OCI reference to pull and monitor for changes, defaults to the latest tag.

        :param digest: Digest is the image digest to pull, takes precedence over SemVer. The value should be in the format 'sha256:'.
        :param semver: SemVer is the range of tags to pull selecting the latest within the range, takes precedence over Tag.
        :param semver_filter: SemverFilter is a regex pattern to filter the tags within the SemVer range.
        :param tag: Tag is the image tag to pull, defaults to latest.

        :schema: OciRepositorySpecRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__dda6a893842317068fc8baaa329dc047fbebc1fc2f8e3cfeac7412a2b16fb144)
            check_type(argname="argument digest", value=digest, expected_type=type_hints["digest"])
            check_type(argname="argument semver", value=semver, expected_type=type_hints["semver"])
            check_type(argname="argument semver_filter", value=semver_filter, expected_type=type_hints["semver_filter"])
            check_type(argname="argument tag", value=tag, expected_type=type_hints["tag"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if digest is not None:
            self._values["digest"] = digest
        if semver is not None:
            self._values["semver"] = semver
        if semver_filter is not None:
            self._values["semver_filter"] = semver_filter
        if tag is not None:
            self._values["tag"] = tag

    @builtins.property
    def digest(self) -> typing.Optional[builtins.str]:
        '''Digest is the image digest to pull, takes precedence over SemVer.

        The value should be in the format 'sha256:'.

        :schema: OciRepositorySpecRef#digest
        '''
        result = self._values.get("digest")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def semver(self) -> typing.Optional[builtins.str]:
        '''SemVer is the range of tags to pull selecting the latest within the range, takes precedence over Tag.

        :schema: OciRepositorySpecRef#semver
        '''
        result = self._values.get("semver")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def semver_filter(self) -> typing.Optional[builtins.str]:
        '''SemverFilter is a regex pattern to filter the tags within the SemVer range.

        :schema: OciRepositorySpecRef#semverFilter
        '''
        result = self._values.get("semver_filter")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def tag(self) -> typing.Optional[builtins.str]:
        '''Tag is the image tag to pull, defaults to latest.

        :schema: OciRepositorySpecRef#tag
        '''
        result = self._values.get("tag")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class OciRepositorySpecSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef contains the secret name containing the registry login credentials to resolve image metadata.

        The secret must be of type kubernetes.io/dockerconfigjson.

        :param name: Name of the referent.

        :schema: OciRepositorySpecSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__ca6743b489dfcb27da985725c99a941e63ab9e09d6cac631699561a18328df84)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: OciRepositorySpecSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecVerify",
    jsii_struct_bases=[],
    name_mapping={
        "provider": "provider",
        "match_oidc_identity": "matchOidcIdentity",
        "secret_ref": "secretRef",
        "trusted_root_secret_ref": "trustedRootSecretRef",
    },
)
class OciRepositorySpecVerify:
    def __init__(
        self,
        *,
        provider: "OciRepositorySpecVerifyProvider",
        match_oidc_identity: typing.Optional[typing.Sequence[typing.Union["OciRepositorySpecVerifyMatchOidcIdentity", typing.Dict[builtins.str, typing.Any]]]] = None,
        secret_ref: typing.Optional[typing.Union["OciRepositorySpecVerifySecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
        trusted_root_secret_ref: typing.Optional[typing.Union["OciRepositorySpecVerifyTrustedRootSecretRef", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.

        :param provider: Provider specifies the technology used to sign the OCI Artifact.
        :param match_oidc_identity: MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing. The artifact's identity is deemed to be verified if any of the specified matchers match against the identity.
        :param secret_ref: SecretRef specifies the Kubernetes Secret containing the trusted public keys.
        :param trusted_root_secret_ref: TrustedRootSecretRef specifies the Kubernetes Secret containing a Sigstore trusted_root.json file. This enables verification against self-hosted Sigstore infrastructure (custom Fulcio CA, self-hosted Rekor instance). The Secret must contain a key named "trusted_root.json".

        :schema: OciRepositorySpecVerify
        '''
        if isinstance(secret_ref, dict):
            secret_ref = OciRepositorySpecVerifySecretRef(**secret_ref)
        if isinstance(trusted_root_secret_ref, dict):
            trusted_root_secret_ref = OciRepositorySpecVerifyTrustedRootSecretRef(**trusted_root_secret_ref)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__dca674dc2a021197097431a7186df7026a5eb9e22d13fdedef566e928eecc2f3)
            check_type(argname="argument provider", value=provider, expected_type=type_hints["provider"])
            check_type(argname="argument match_oidc_identity", value=match_oidc_identity, expected_type=type_hints["match_oidc_identity"])
            check_type(argname="argument secret_ref", value=secret_ref, expected_type=type_hints["secret_ref"])
            check_type(argname="argument trusted_root_secret_ref", value=trusted_root_secret_ref, expected_type=type_hints["trusted_root_secret_ref"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "provider": provider,
        }
        if match_oidc_identity is not None:
            self._values["match_oidc_identity"] = match_oidc_identity
        if secret_ref is not None:
            self._values["secret_ref"] = secret_ref
        if trusted_root_secret_ref is not None:
            self._values["trusted_root_secret_ref"] = trusted_root_secret_ref

    @builtins.property
    def provider(self) -> "OciRepositorySpecVerifyProvider":
        '''Provider specifies the technology used to sign the OCI Artifact.

        :schema: OciRepositorySpecVerify#provider
        '''
        result = self._values.get("provider")
        assert result is not None, "Required property 'provider' is missing"
        return typing.cast("OciRepositorySpecVerifyProvider", result)

    @builtins.property
    def match_oidc_identity(
        self,
    ) -> typing.Optional[typing.List["OciRepositorySpecVerifyMatchOidcIdentity"]]:
        '''MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing.

        The artifact's identity is deemed to be verified if any of the
        specified matchers match against the identity.

        :schema: OciRepositorySpecVerify#matchOIDCIdentity
        '''
        result = self._values.get("match_oidc_identity")
        return typing.cast(typing.Optional[typing.List["OciRepositorySpecVerifyMatchOidcIdentity"]], result)

    @builtins.property
    def secret_ref(self) -> typing.Optional["OciRepositorySpecVerifySecretRef"]:
        '''SecretRef specifies the Kubernetes Secret containing the trusted public keys.

        :schema: OciRepositorySpecVerify#secretRef
        '''
        result = self._values.get("secret_ref")
        return typing.cast(typing.Optional["OciRepositorySpecVerifySecretRef"], result)

    @builtins.property
    def trusted_root_secret_ref(
        self,
    ) -> typing.Optional["OciRepositorySpecVerifyTrustedRootSecretRef"]:
        '''TrustedRootSecretRef specifies the Kubernetes Secret containing a Sigstore trusted_root.json file. This enables verification against self-hosted Sigstore infrastructure (custom Fulcio CA, self-hosted Rekor instance). The Secret must contain a key named "trusted_root.json".

        :schema: OciRepositorySpecVerify#trustedRootSecretRef
        '''
        result = self._values.get("trusted_root_secret_ref")
        return typing.cast(typing.Optional["OciRepositorySpecVerifyTrustedRootSecretRef"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecVerify(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecVerifyMatchOidcIdentity",
    jsii_struct_bases=[],
    name_mapping={"issuer": "issuer", "subject": "subject"},
)
class OciRepositorySpecVerifyMatchOidcIdentity:
    def __init__(self, *, issuer: builtins.str, subject: builtins.str) -> None:
        '''OIDCIdentityMatch specifies options for verifying the certificate identity, i.e. the issuer and the subject of the certificate.

        :param issuer: Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate. The pattern must be a valid Go regular expression.
        :param subject: Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate. The pattern must be a valid Go regular expression.

        :schema: OciRepositorySpecVerifyMatchOidcIdentity
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__642238695d2e99537402ee457a5655e0bcef46430d8751df00ca103a03a96386)
            check_type(argname="argument issuer", value=issuer, expected_type=type_hints["issuer"])
            check_type(argname="argument subject", value=subject, expected_type=type_hints["subject"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "issuer": issuer,
            "subject": subject,
        }

    @builtins.property
    def issuer(self) -> builtins.str:
        '''Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate.

        The pattern must be a
        valid Go regular expression.

        :schema: OciRepositorySpecVerifyMatchOidcIdentity#issuer
        '''
        result = self._values.get("issuer")
        assert result is not None, "Required property 'issuer' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def subject(self) -> builtins.str:
        '''Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate.

        The pattern must
        be a valid Go regular expression.

        :schema: OciRepositorySpecVerifyMatchOidcIdentity#subject
        '''
        result = self._values.get("subject")
        assert result is not None, "Required property 'subject' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecVerifyMatchOidcIdentity(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecVerifyProvider")
class OciRepositorySpecVerifyProvider(enum.Enum):
    '''Provider specifies the technology used to sign the OCI Artifact.

    :schema: OciRepositorySpecVerifyProvider
    '''

    COSIGN = "COSIGN"
    '''cosign.'''
    NOTATION = "NOTATION"
    '''notation.'''


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecVerifySecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class OciRepositorySpecVerifySecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''SecretRef specifies the Kubernetes Secret containing the trusted public keys.

        :param name: Name of the referent.

        :schema: OciRepositorySpecVerifySecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c88c958f399cabcfa4ab67759d06e0da6c0b4f0715694d405affde7514f5062e)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: OciRepositorySpecVerifySecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecVerifySecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="flux_iofluxcdtoolkitsource.OciRepositorySpecVerifyTrustedRootSecretRef",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class OciRepositorySpecVerifyTrustedRootSecretRef:
    def __init__(self, *, name: builtins.str) -> None:
        '''TrustedRootSecretRef specifies the Kubernetes Secret containing a Sigstore trusted_root.json file. This enables verification against self-hosted Sigstore infrastructure (custom Fulcio CA, self-hosted Rekor instance). The Secret must contain a key named "trusted_root.json".

        :param name: Name of the referent.

        :schema: OciRepositorySpecVerifyTrustedRootSecretRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5770c274083173dd185042346ffc822fe8b751dc58fd072c9b8aae2101a7c9e0)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the referent.

        :schema: OciRepositorySpecVerifyTrustedRootSecretRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "OciRepositorySpecVerifyTrustedRootSecretRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "Bucket",
    "BucketProps",
    "BucketSpec",
    "BucketSpecCertSecretRef",
    "BucketSpecProvider",
    "BucketSpecProxySecretRef",
    "BucketSpecSecretRef",
    "BucketSpecSts",
    "BucketSpecStsCertSecretRef",
    "BucketSpecStsProvider",
    "BucketSpecStsSecretRef",
    "ExternalArtifact",
    "ExternalArtifactProps",
    "ExternalArtifactSpec",
    "ExternalArtifactSpecSourceRef",
    "GitRepository",
    "GitRepositoryProps",
    "GitRepositorySpec",
    "GitRepositorySpecInclude",
    "GitRepositorySpecIncludeRepository",
    "GitRepositorySpecProvider",
    "GitRepositorySpecProxySecretRef",
    "GitRepositorySpecRef",
    "GitRepositorySpecSecretRef",
    "GitRepositorySpecVerify",
    "GitRepositorySpecVerifyMode",
    "GitRepositorySpecVerifySecretRef",
    "HelmChart",
    "HelmChartProps",
    "HelmChartSpec",
    "HelmChartSpecReconcileStrategy",
    "HelmChartSpecSourceRef",
    "HelmChartSpecSourceRefKind",
    "HelmChartSpecVerify",
    "HelmChartSpecVerifyMatchOidcIdentity",
    "HelmChartSpecVerifyProvider",
    "HelmChartSpecVerifySecretRef",
    "HelmRepository",
    "HelmRepositoryProps",
    "HelmRepositorySpec",
    "HelmRepositorySpecAccessFrom",
    "HelmRepositorySpecAccessFromNamespaceSelectors",
    "HelmRepositorySpecCertSecretRef",
    "HelmRepositorySpecProvider",
    "HelmRepositorySpecSecretRef",
    "HelmRepositorySpecType",
    "OciRepository",
    "OciRepositoryProps",
    "OciRepositorySpec",
    "OciRepositorySpecCertSecretRef",
    "OciRepositorySpecLayerSelector",
    "OciRepositorySpecLayerSelectorOperation",
    "OciRepositorySpecProvider",
    "OciRepositorySpecProxySecretRef",
    "OciRepositorySpecRef",
    "OciRepositorySpecSecretRef",
    "OciRepositorySpecVerify",
    "OciRepositorySpecVerifyMatchOidcIdentity",
    "OciRepositorySpecVerifyProvider",
    "OciRepositorySpecVerifySecretRef",
    "OciRepositorySpecVerifyTrustedRootSecretRef",
]

publication.publish()

def _typecheckingstub__8195b358e76007986a2e3db4cf4cc344344c1f8900c3120a30902f2cf25ba9b5(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[BucketSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__6ffd8672e19d52d65acb2c4ec5f0e756da377e5904631f86d583bc8be136331f(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[BucketSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__0add71971ace2d7fb7f19009b1980b788289461e009567e27aefd33d9e36a052(
    *,
    bucket_name: builtins.str,
    endpoint: builtins.str,
    interval: builtins.str,
    cert_secret_ref: typing.Optional[typing.Union[BucketSpecCertSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    ignore: typing.Optional[builtins.str] = None,
    insecure: typing.Optional[builtins.bool] = None,
    prefix: typing.Optional[builtins.str] = None,
    provider: typing.Optional[BucketSpecProvider] = None,
    proxy_secret_ref: typing.Optional[typing.Union[BucketSpecProxySecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    region: typing.Optional[builtins.str] = None,
    secret_ref: typing.Optional[typing.Union[BucketSpecSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    service_account_name: typing.Optional[builtins.str] = None,
    sts: typing.Optional[typing.Union[BucketSpecSts, typing.Dict[builtins.str, typing.Any]]] = None,
    suspend: typing.Optional[builtins.bool] = None,
    timeout: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__66767b8c72de0436f7f9d45c9a74293a8262d5a8e83fe9eaea1719349bd8c498(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__7709b1dd9e79e98f8aceb6626b0969fb326128aeda92db0cc1d08b723fef21eb(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__457019254e3cbf2ab970b3e195b804eecae1f1a460081b5dbe740a17f7829d09(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__a193437c0497fdd235c8ddac558bd780291ed46fd8595045d6d5acf88925eb37(
    *,
    endpoint: builtins.str,
    provider: BucketSpecStsProvider,
    cert_secret_ref: typing.Optional[typing.Union[BucketSpecStsCertSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    secret_ref: typing.Optional[typing.Union[BucketSpecStsSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__165432e5202200f100f113eab54af46a1621cc1de577e3209e1e9afe0c1ccfa5(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__6e5198e1df75d3eac6aa8bc979a0292aca0bb03be28c094ef970b04d5a307d71(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__61cb24983352b8db1fceb8e6f65eeb3c45001b1939fd88eb427c101ccff8931f(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[ExternalArtifactSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__dd3e1fc3e16001f66f2a08b19cf8fb2ee27f56a6518fb63b2513c796596c9c2f(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[ExternalArtifactSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__46a1884011d3b477dddd6415768c1d24ac58f6cbf89fc87c2a509c96b17446f3(
    *,
    source_ref: typing.Optional[typing.Union[ExternalArtifactSpecSourceRef, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__e83e5d3a6e4a94b355109e88bfc0d78100fe4975ca1d345cae4f545a57bf70c0(
    *,
    kind: builtins.str,
    name: builtins.str,
    api_version: typing.Optional[builtins.str] = None,
    namespace: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__394aab6529de2457ed3d920ba48aa93e764fdacf7570167ee9d6165b3aa4f902(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[GitRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__fe11ee60f507926d93782dd177f323f1e6f3ed6de1f32012ee9c4d3cf6f12054(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[GitRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2b3468bffff94b8c851518fbbd5834390de69fd30e04fcb5ccc50041f9e1cf33(
    *,
    interval: builtins.str,
    url: builtins.str,
    ignore: typing.Optional[builtins.str] = None,
    include: typing.Optional[typing.Sequence[typing.Union[GitRepositorySpecInclude, typing.Dict[builtins.str, typing.Any]]]] = None,
    provider: typing.Optional[GitRepositorySpecProvider] = None,
    proxy_secret_ref: typing.Optional[typing.Union[GitRepositorySpecProxySecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    recurse_submodules: typing.Optional[builtins.bool] = None,
    ref: typing.Optional[typing.Union[GitRepositorySpecRef, typing.Dict[builtins.str, typing.Any]]] = None,
    secret_ref: typing.Optional[typing.Union[GitRepositorySpecSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    service_account_name: typing.Optional[builtins.str] = None,
    sparse_checkout: typing.Optional[typing.Sequence[builtins.str]] = None,
    suspend: typing.Optional[builtins.bool] = None,
    timeout: typing.Optional[builtins.str] = None,
    verify: typing.Optional[typing.Union[GitRepositorySpecVerify, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2dc3e05e8ab105fa850f8ca1059324a83cf96171ad1226d7c99f66dd3ca76b21(
    *,
    repository: typing.Union[GitRepositorySpecIncludeRepository, typing.Dict[builtins.str, typing.Any]],
    from_path: typing.Optional[builtins.str] = None,
    to_path: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__bd962cc08261983af2cc788c03b3a650325c251a91e020a8521d34b34446dc14(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__777f7cd7153f37bdd1ca1e32c0ddebbfde01f55503b965ee2f46da75813fa298(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__f4b7f520fc0e11671ab95180107cfd62c317f1bc332aa36558865851c80f1d69(
    *,
    branch: typing.Optional[builtins.str] = None,
    commit: typing.Optional[builtins.str] = None,
    name: typing.Optional[builtins.str] = None,
    semver: typing.Optional[builtins.str] = None,
    tag: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__929994e9680e4e821eaf615e6d4e7b9488f313bd15c7842d3b0362c403c02dfa(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__1a79d1f026b76a2182fdc864f1539ef6f120ff05812304b29bb2cf6b8a1cfa9a(
    *,
    secret_ref: typing.Union[GitRepositorySpecVerifySecretRef, typing.Dict[builtins.str, typing.Any]],
    mode: typing.Optional[GitRepositorySpecVerifyMode] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__39bdf1ad727cdbab4ce0202537bff62f3a4560c3441a59c6d4aecb76656a32c2(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__83edc3328a4cf3fff3bc78d83d6ee0c94d3745c5fc31c89331ba5e7bddfd2d95(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HelmChartSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__7857cf0641709ea801d21687122be3210586d1b3f46f37a603c1d5af42211b46(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HelmChartSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__9aab699e7b1e647c5dc2ad57a505a61550a65d59abeaa39e260a1fd73c768612(
    *,
    chart: builtins.str,
    interval: builtins.str,
    source_ref: typing.Union[HelmChartSpecSourceRef, typing.Dict[builtins.str, typing.Any]],
    ignore_missing_values_files: typing.Optional[builtins.bool] = None,
    reconcile_strategy: typing.Optional[HelmChartSpecReconcileStrategy] = None,
    suspend: typing.Optional[builtins.bool] = None,
    values_files: typing.Optional[typing.Sequence[builtins.str]] = None,
    verify: typing.Optional[typing.Union[HelmChartSpecVerify, typing.Dict[builtins.str, typing.Any]]] = None,
    version: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__35632e404b7a655ae585fe9600b00748dc4a82dc004ea445df5b82c6148de961(
    *,
    kind: HelmChartSpecSourceRefKind,
    name: builtins.str,
    api_version: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__d28184a486fa7680e7e6ae8adb8c571776d25d52be981229dcd26ba891426dc9(
    *,
    provider: HelmChartSpecVerifyProvider,
    match_oidc_identity: typing.Optional[typing.Sequence[typing.Union[HelmChartSpecVerifyMatchOidcIdentity, typing.Dict[builtins.str, typing.Any]]]] = None,
    secret_ref: typing.Optional[typing.Union[HelmChartSpecVerifySecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__910591eafa8faf63e4666868a0daf6fc555c2a6fd5e51cf5fd907f9c7bffcacf(
    *,
    issuer: builtins.str,
    subject: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__1d39f1e5ea53ce784de14a9e3c5f30611dc9fc3c83674ba0e9fabf4d9a623b1b(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__f7b947f4aa6fbe87ac18c772b789ec55b17bd1f8c06ef4631937e4d632b8afac(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HelmRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__e8b07a4f9bf9a9b9c007c454d8b718095e49218b48fec0f64a22e5b0f4fe3a71(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HelmRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__6c8ba6540b11c45b647d29fc53394ec2d5d0e895900b0677af16bb4e5a365f6f(
    *,
    url: builtins.str,
    access_from: typing.Optional[typing.Union[HelmRepositorySpecAccessFrom, typing.Dict[builtins.str, typing.Any]]] = None,
    cert_secret_ref: typing.Optional[typing.Union[HelmRepositorySpecCertSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    insecure: typing.Optional[builtins.bool] = None,
    interval: typing.Optional[builtins.str] = None,
    pass_credentials: typing.Optional[builtins.bool] = None,
    provider: typing.Optional[HelmRepositorySpecProvider] = None,
    secret_ref: typing.Optional[typing.Union[HelmRepositorySpecSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    suspend: typing.Optional[builtins.bool] = None,
    timeout: typing.Optional[builtins.str] = None,
    type: typing.Optional[HelmRepositorySpecType] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__36c7914ccdca6cc1a345d8b1072f4de77cba0c51f8f0207136bef747b7551a59(
    *,
    namespace_selectors: typing.Sequence[typing.Union[HelmRepositorySpecAccessFromNamespaceSelectors, typing.Dict[builtins.str, typing.Any]]],
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__9eeb869b2c5def8049c6cf1d95d73d1a9a1d0e7478b1736793df769d0e302042(
    *,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__231134ef8cb41af9ccabf0b9a46355042cf0787f0db68b51a456db619e22c506(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c5133fe327b84cbc2e9374b3d3fa5c9e9103aa154f3ff922b986f1b7945e3c1c(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c961605113854c7b43761262e2477281a74ca83d3ef144b4c260ae4a17a1b63d(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[OciRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2309858e66e389f209e9e69a8169cab5465abc0aa1308ce2561a43d0ec6f4b16(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[OciRepositorySpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__57d6cf8263124312a22b130e65ac4452aa7b0f180c39dd3b83bd118f314be2b2(
    *,
    interval: builtins.str,
    url: builtins.str,
    cert_secret_ref: typing.Optional[typing.Union[OciRepositorySpecCertSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    ignore: typing.Optional[builtins.str] = None,
    insecure: typing.Optional[builtins.bool] = None,
    layer_selector: typing.Optional[typing.Union[OciRepositorySpecLayerSelector, typing.Dict[builtins.str, typing.Any]]] = None,
    provider: typing.Optional[OciRepositorySpecProvider] = None,
    proxy_secret_ref: typing.Optional[typing.Union[OciRepositorySpecProxySecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    ref: typing.Optional[typing.Union[OciRepositorySpecRef, typing.Dict[builtins.str, typing.Any]]] = None,
    secret_ref: typing.Optional[typing.Union[OciRepositorySpecSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    service_account_name: typing.Optional[builtins.str] = None,
    suspend: typing.Optional[builtins.bool] = None,
    timeout: typing.Optional[builtins.str] = None,
    verify: typing.Optional[typing.Union[OciRepositorySpecVerify, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__bfcb6d0269c9b98628206aa25afdd1e3dd4ac26392982433c69b59bf4038bfd2(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c61778ced974111a6e952e2defa305762675838fe822b5e8aaef1d83f59c2adb(
    *,
    media_type: typing.Optional[builtins.str] = None,
    operation: typing.Optional[OciRepositorySpecLayerSelectorOperation] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__fe6629ea961167435a10ef16a6bc41383ef3fda502e3e3becd726b361d19e3e9(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__dda6a893842317068fc8baaa329dc047fbebc1fc2f8e3cfeac7412a2b16fb144(
    *,
    digest: typing.Optional[builtins.str] = None,
    semver: typing.Optional[builtins.str] = None,
    semver_filter: typing.Optional[builtins.str] = None,
    tag: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__ca6743b489dfcb27da985725c99a941e63ab9e09d6cac631699561a18328df84(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__dca674dc2a021197097431a7186df7026a5eb9e22d13fdedef566e928eecc2f3(
    *,
    provider: OciRepositorySpecVerifyProvider,
    match_oidc_identity: typing.Optional[typing.Sequence[typing.Union[OciRepositorySpecVerifyMatchOidcIdentity, typing.Dict[builtins.str, typing.Any]]]] = None,
    secret_ref: typing.Optional[typing.Union[OciRepositorySpecVerifySecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
    trusted_root_secret_ref: typing.Optional[typing.Union[OciRepositorySpecVerifyTrustedRootSecretRef, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__642238695d2e99537402ee457a5655e0bcef46430d8751df00ca103a03a96386(
    *,
    issuer: builtins.str,
    subject: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c88c958f399cabcfa4ab67759d06e0da6c0b4f0715694d405affde7514f5062e(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__5770c274083173dd185042346ffc822fe8b751dc58fd072c9b8aae2101a7c9e0(
    *,
    name: builtins.str,
) -> None:
    """Type checking stubs"""
    pass
